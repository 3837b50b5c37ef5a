using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

/// <summary>
/// The dtype dispatch every elementwise entry point shares: pick the operator struct for the
/// tensor's dtype, broadcast the operands, and hand them to the strided driver. Out-of-place
/// results are fresh contiguous tensors; *InPlace variants write into the receiver and bump its
/// storage version.
/// </summary>
internal static class DTypeDispatch
{
    extension(TensorData self)
    {
        internal TensorData FloatUnary<TF, TD>(string op)
            where TF : IUnaryOperator<float> where TD : IUnaryOperator<double>
        {
            var result = TensorData.Uninitialized(self.DType, self.ShapeRef);
            switch (self.DType)
            {
                case DType.Float32: StridedElementwise.Unary<float, TF>(self, result); break;
                case DType.Float64: StridedElementwise.Unary<double, TD>(self, result); break;
                default: throw self.NotFloating(op);
            }
            return result;
        }

        internal TensorData NumericUnary<TF, TD, TL>(string op)
            where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> where TL : IUnaryOperator<long>
        {
            if (self.DType == DType.Int64)
            {
                var result = TensorData.Uninitialized(self.DType, self.ShapeRef);
                StridedElementwise.Unary<long, TL>(self, result);
                return result;
            }
            return self.FloatUnary<TF, TD>(op);
        }

        internal TensorData FloatUnaryInPlace<TF, TD>(string op)
            where TF : IUnaryOperator<float> where TD : IUnaryOperator<double>
        {
            self.RequireWritable(op);
            switch (self.DType)
            {
                case DType.Float32: StridedElementwise.Unary<float, TF>(self, self); break;
                case DType.Float64: StridedElementwise.Unary<double, TD>(self, self); break;
                default: throw self.NotFloating(op);
            }
            self.Storage.BumpVersion();
            return self;
        }

        internal TensorData NumericUnaryInPlace<TF, TD, TL>(string op)
            where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> where TL : IUnaryOperator<long>
        {
            if (self.DType != DType.Int64) return self.FloatUnaryInPlace<TF, TD>(op);
            self.RequireWritable(op);
            StridedElementwise.Unary<long, TL>(self, self);
            self.Storage.BumpVersion();
            return self;
        }

        internal TensorData FloatBinary<TF, TD>(TensorData other, string op)
            where TF : IBinaryOperator<float> where TD : IBinaryOperator<double>
        {
            var (a, b, result) = self.PrepareBinary(other, op);
            switch (self.DType)
            {
                case DType.Float32: StridedElementwise.Binary<float, TF>(a, b, result); break;
                case DType.Float64: StridedElementwise.Binary<double, TD>(a, b, result); break;
                default: throw self.NotFloating(op);
            }
            return result;
        }

        internal TensorData NumericBinary<TF, TD, TL>(TensorData other, string op)
            where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TL : IBinaryOperator<long>
        {
            if (self.DType != DType.Int64) return self.FloatBinary<TF, TD>(other, op);
            var (a, b, result) = self.PrepareBinary(other, op);
            StridedElementwise.Binary<long, TL>(a, b, result);
            return result;
        }

        internal TensorData NumericBinaryInPlace<TF, TD, TL>(TensorData other, string op)
            where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TL : IBinaryOperator<long>
        {
            self.RequireWritable(op);
            self.CheckSameDType(other, op);
            var b = other.Shape.SequenceEqual(self.Shape) ? other : other.ExpandForInPlace(self.ShapeRef, op);
            switch (self.DType)
            {
                case DType.Float32: StridedElementwise.Binary<float, TF>(self, b, self); break;
                case DType.Float64: StridedElementwise.Binary<double, TD>(self, b, self); break;
                case DType.Int64: StridedElementwise.Binary<long, TL>(self, b, self); break;
                default: throw new NotSupportedException($"{op} is not defined for {self.DType.Name()} tensors");
            }
            self.Storage.BumpVersion();
            return self;
        }

        private TensorData ExpandForInPlace(int[] target, string op)
        {
            var broadcast = ShapeUtil.Broadcast(self.ShapeRef, target);
            if (!broadcast.AsSpan().SequenceEqual(target))
                throw new ArgumentException($"{op}: output with shape {ShapeUtil.Format(target)} doesn't match the broadcast shape {ShapeUtil.Format(broadcast)} (operand shape {ShapeUtil.Format(self.ShapeRef)})");
            return self.Expand(target);
        }

        private (TensorData a, TensorData b, TensorData result) PrepareBinary(TensorData other, string op)
        {
            self.CheckSameDType(other, op);
            if (other.Shape.SequenceEqual(self.Shape))
                return (self, other, TensorData.Uninitialized(self.DType, self.ShapeRef));
            int[] shape;
            try { shape = ShapeUtil.Broadcast(self.ShapeRef, other.ShapeRef); }
            catch (ArgumentException e) { throw new ArgumentException($"{op}: {e.Message}", e); }
            return (self.Expand(shape), other.Expand(shape), TensorData.Uninitialized(self.DType, shape));
        }
    }
}
