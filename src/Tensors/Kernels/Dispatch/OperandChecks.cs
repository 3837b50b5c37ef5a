namespace MiniTorch.Tensors;

/// <summary>The dtype and shape checks entry points of every family share, each with its one message.</summary>
internal static class OperandChecks
{
    extension(TensorData self)
    {
        internal void CheckSameDType(TensorData other, string op)
        {
            if (other.DType != self.DType)
                throw new ArgumentException($"{op}: expected both operands to have the same dtype, but got {self.DType.Name()} {ShapeUtil.Format(self.ShapeRef)} and {other.DType.Name()} {ShapeUtil.Format(other.ShapeRef)}");
        }

        internal void RequireFloat(string op)
        {
            if (!self.IsFloatingPoint) throw self.NotFloating(op);
        }

        internal Exception NotFloating(string op) =>
            new NotSupportedException($"{op} is only defined for float32 and float64 tensors, got {self.DType.Name()} with shape {ShapeUtil.Format(self.ShapeRef)}");
    }

    internal static void CheckSameShape(TensorData a, TensorData b, string op)
    {
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: shapes {ShapeUtil.Format(a.ShapeRef)} and {ShapeUtil.Format(b.ShapeRef)} must be equal");
    }
}
