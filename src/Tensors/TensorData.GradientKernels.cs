using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Fused derivative kernels the autograd layer's backward passes call. Operands other than the
// gradient are broadcast to the gradient's shape (the op's output shape); the caller reduces the
// result back to each input's shape.
public sealed partial class TensorData
{
    /// <summary>grad * sign(x) (sign(0) = 0): the gradient of |x|.</summary>
    public static TensorData AbsBackward(TensorData grad, TensorData x) =>
        grad.FloatBinary<AbsBackwardOperator<float>, AbsBackwardOperator<double>>(x, "abs_backward");

    /// <summary>grad where min &lt;= x &lt;= max (inclusive, a null bound is open), else 0; NaN x gets 0.</summary>
    public static TensorData ClampBackward(TensorData grad, TensorData x, double? min, double? max)
    {
        var result = grad;
        if (min is double lo) result = FloatTernary<PassAtOrAboveOperator<float>, PassAtOrAboveOperator<double>>(result, x, grad.ScalarLike(lo), "clamp_backward");
        if (max is double hi) result = FloatTernary<PassAtOrBelowOperator<float>, PassAtOrBelowOperator<double>>(result, x, grad.ScalarLike(hi), "clamp_backward");
        return ReferenceEquals(result, grad) ? grad.Clone() : result;
    }

    /// <summary>
    /// The part of grad owed to <paramref name="winner"/> in max(winner, other): all of it where
    /// winner &gt; other (or either is NaN), half on ties, none where winner &lt; other. Swap the
    /// operands for the other input, and for minimum.
    /// </summary>
    public static TensorData WinnerShare(TensorData grad, TensorData winner, TensorData other) =>
        FloatTernary<WinnerShareOperator<float>, WinnerShareOperator<double>>(grad, winner, other, "maximum_backward");

    /// <summary>grad * y * x^(y-1), 0 where y == 0: the gradient of x^y with respect to x.</summary>
    public static TensorData PowBackwardBase(TensorData grad, TensorData x, TensorData y) =>
        FloatTernary<PowBackwardBaseOperator<float>, PowBackwardBaseOperator<double>>(grad, x, y, "pow_backward_self");

    /// <summary>grad * x^y * ln x, 0 where x == 0 and y &gt;= 0: the gradient of x^y with respect to y.</summary>
    public static TensorData PowBackwardExponent(TensorData grad, TensorData x, TensorData y) =>
        FloatTernary<PowBackwardExponentOperator<float>, PowBackwardExponentOperator<double>>(grad, x, y, "pow_backward_exponent");

    /// <summary>op(grad, b, c) with b and c broadcast to grad's shape.</summary>
    private static TensorData FloatTernary<TF, TD>(TensorData grad, TensorData b, TensorData c, string op)
        where TF : ITernaryOperator<float> where TD : ITernaryOperator<double>
    {
        grad.CheckSameDType(b, op);
        grad.CheckSameDType(c, op);
        var shape = grad.ShapeRef;
        var eb = b.Shape.SequenceEqual(shape) ? b : b.Expand(shape);
        var ec = c.Shape.SequenceEqual(shape) ? c : c.Expand(shape);
        var result = Uninitialized(grad.DType, shape);
        switch (grad.DType)
        {
            case DType.Float32: StridedElementwise.Ternary<float, TF>(grad, eb, ec, result); break;
            case DType.Float64: StridedElementwise.Ternary<double, TD>(grad, eb, ec, result); break;
            default: throw grad.NotFloating(op);
        }
        return result;
    }
}
