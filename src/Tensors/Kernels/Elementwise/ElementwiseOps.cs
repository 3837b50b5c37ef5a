using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Elementwise ops. Each public method names its operator structs (one per dtype); DTypeDispatch
// picks the one for the tensor's dtype and hands it to the strided driver. Out-of-place results
// are fresh contiguous tensors; *InPlace variants write into this tensor and bump its storage version.
public static class ElementwiseOps
{
    extension(TensorData self)
    {
        public TensorData Neg() => self.NumericUnary<NegateOperator<float>, NegateOperator<double>, NegateOperator<long>>("neg");
        public TensorData Abs() => self.NumericUnary<AbsOperator<float>, AbsOperator<double>, AbsOperator<long>>("abs");
        public TensorData Square() => self.NumericUnary<SquareOperator<float>, SquareOperator<double>, SquareOperator<long>>("square");
        public TensorData Relu() => self.NumericUnary<ReluOperator<float>, ReluOperator<double>, ReluOperator<long>>("relu");
        public TensorData Exp() => self.FloatUnary<ExpOperator<float>, ExpOperator<double>>("exp");
        public TensorData Log() => self.FloatUnary<LogOperator<float>, LogOperator<double>>("log");
        public TensorData Sqrt() => self.FloatUnary<SqrtOperator<float>, SqrtOperator<double>>("sqrt");
        public TensorData Rsqrt() => self.FloatUnary<RsqrtOperator<float>, RsqrtOperator<double>>("rsqrt");
        public TensorData Reciprocal() => self.FloatUnary<ReciprocalOperator<float>, ReciprocalOperator<double>>("reciprocal");
        public TensorData Sin() => self.FloatUnary<SinOperator<float>, SinOperator<double>>("sin");
        public TensorData Cos() => self.FloatUnary<CosOperator<float>, CosOperator<double>>("cos");
        public TensorData Tanh() => self.FloatUnary<TanhOperator<float>, TanhOperator<double>>("tanh");
        public TensorData Sigmoid() => self.FloatUnary<SigmoidOperator<float>, SigmoidOperator<double>>("sigmoid");
        public TensorData Silu() => self.FloatUnary<SiluOperator<float>, SiluOperator<double>>("silu");

        public TensorData Add(TensorData other) => self.NumericBinary<AddOperator<float>, AddOperator<double>, AddOperator<long>>(other, "add");
        public TensorData Sub(TensorData other) => self.NumericBinary<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(other, "sub");
        public TensorData Mul(TensorData other) => self.NumericBinary<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(other, "mul");
        public TensorData Div(TensorData other) => self.FloatBinary<DivideOperator<float>, DivideOperator<double>>(other, "div");
        public TensorData Maximum(TensorData other) => self.NumericBinary<MaximumOperator<float>, MaximumOperator<double>, MaximumOperator<long>>(other, "maximum");
        public TensorData Minimum(TensorData other) => self.NumericBinary<MinimumOperator<float>, MinimumOperator<double>, MinimumOperator<long>>(other, "minimum");
        public TensorData Pow(TensorData exponent) => self.FloatBinary<PowOperator<float>, PowOperator<double>>(exponent, "pow");

        public TensorData Add(double scalar) => self.NumericBinary<AddOperator<float>, AddOperator<double>, AddOperator<long>>(self.ScalarLike(scalar), "add");
        public TensorData Sub(double scalar) => self.NumericBinary<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(self.ScalarLike(scalar), "sub");
        /// <summary>scalar - this.</summary>
        public TensorData RSub(double scalar) => self.ScalarLike(scalar).Sub(self);
        public TensorData Mul(double scalar) => self.NumericBinary<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(self.ScalarLike(scalar), "mul");
        public TensorData Div(double scalar) => self.FloatBinary<DivideOperator<float>, DivideOperator<double>>(self.ScalarLike(scalar), "div");
        /// <summary>scalar / this.</summary>
        public TensorData RDiv(double scalar) => self.ScalarLike(scalar).Div(self);
        public TensorData Maximum(double scalar) => self.Maximum(self.ScalarLike(scalar));
        public TensorData Minimum(double scalar) => self.Minimum(self.ScalarLike(scalar));

        /// <summary>x ** exponent, with the common exponents taking exact fast paths.</summary>
        public TensorData Pow(double exponent) => exponent switch
        {
            1.0 => self.Clone(),
            2.0 => self.Square(),
            0.5 => self.Sqrt(),
            -1.0 => self.Reciprocal(),
            _ => self.FloatBinary<PowOperator<float>, PowOperator<double>>(self.ScalarLike(exponent), "pow"),
        };

        public TensorData LeakyRelu(double negativeSlope = 0.01) =>
            self.FloatBinary<LeakyReluOperator<float>, LeakyReluOperator<double>>(self.ScalarLike(negativeSlope), "leaky_relu");

        /// <summary>Clamps into [min, max]; either bound may be null. NaN stays NaN, as in PyTorch.</summary>
        public TensorData Clamp(double? min = null, double? max = null)
        {
            if (min is null && max is null) throw new ArgumentException("clamp: at least one of 'min' or 'max' must not be None");
            var result = self;
            if (min is double lo) result = result.Maximum(lo);
            if (max is double hi) result = result.Minimum(hi);
            return ReferenceEquals(result, self) ? self.Clone() : result;
        }

        // ---- in place ----

        public TensorData AddInPlace(TensorData other) => self.NumericBinaryInPlace<AddOperator<float>, AddOperator<double>, AddOperator<long>>(other, "add_");
        public TensorData SubInPlace(TensorData other) => self.NumericBinaryInPlace<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(other, "sub_");
        public TensorData MulInPlace(TensorData other) => self.NumericBinaryInPlace<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(other, "mul_");
        public TensorData DivInPlace(TensorData other)
        {
            self.RequireFloat("div_");
            return self.NumericBinaryInPlace<DivideOperator<float>, DivideOperator<double>, DivideOperator<long>>(other, "div_");
        }
        public TensorData AddInPlace(double scalar) => self.AddInPlace(self.ScalarLike(scalar));
        public TensorData MulInPlace(double scalar) => self.MulInPlace(self.ScalarLike(scalar));

        /// <summary>e^x written over this tensor.</summary>
        public TensorData ExpInPlace() => self.FloatUnaryInPlace<ExpOperator<float>, ExpOperator<double>>("exp_");
        public TensorData NegInPlace() => self.NumericUnaryInPlace<NegateOperator<float>, NegateOperator<double>, NegateOperator<long>>("neg_");
        public TensorData ReluInPlace() => self.NumericUnaryInPlace<ReluOperator<float>, ReluOperator<double>, ReluOperator<long>>("relu_");
        public TensorData SqrtInPlace() => self.FloatUnaryInPlace<SqrtOperator<float>, SqrtOperator<double>>("sqrt_");

        /// <summary>Sets every element to <paramref name="value"/>.</summary>
        public TensorData FillInPlace(double value)
        {
            self.CopyFrom(self.ScalarLike(value));
            return self;
        }

        public TensorData ZeroInPlace() => self.FillInPlace(0);

        /// <summary>A 0-d tensor of this dtype holding <paramref name="value"/>.</summary>
        public TensorData ScalarLike(double value) => TensorData.Scalar(value, self.DType);
    }
}
