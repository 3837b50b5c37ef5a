using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Fused derivative kernels the autograd layer's backward passes call. Operands other than the
// gradient are broadcast to the gradient's shape (the op's output shape); the caller reduces the
// result back to each input's shape.
public static class ElementwiseBackwardOps
{
    extension(TensorData)
    {
        /// <summary>grad where x &gt; 0, else 0.</summary>
        public static TensorData ReluBackward(TensorData grad, TensorData x) =>
            grad.FloatBinary<ReluBackwardOperator<float>, ReluBackwardOperator<double>>(x, "relu_backward");

        /// <summary>grad * (1 - y²) with y = tanh(x).</summary>
        public static TensorData TanhBackward(TensorData grad, TensorData y) =>
            grad.FloatBinary<TanhBackwardOperator<float>, TanhBackwardOperator<double>>(y, "tanh_backward");

        /// <summary>grad * y * (1 - y) with y = sigmoid(x).</summary>
        public static TensorData SigmoidBackward(TensorData grad, TensorData y) =>
            grad.FloatBinary<SigmoidBackwardOperator<float>, SigmoidBackwardOperator<double>>(y, "sigmoid_backward");

        /// <summary>grad where x &gt; 0, else grad * slope.</summary>
        public static TensorData LeakyReluBackward(TensorData grad, TensorData x, double negativeSlope)
        {
            OperandChecks.CheckSameShape(grad, x, "leaky_relu_backward");
            var result = TensorData.Uninitialized(grad.DType, grad.Shape);
            var slope = grad.ScalarLike(negativeSlope).Expand(grad.ShapeRef);
            switch (grad.DType)
            {
                case DType.Float32: StridedElementwise.Ternary<float, LeakyReluBackwardOperator<float>>(grad, x, slope, result); break;
                case DType.Float64: StridedElementwise.Ternary<double, LeakyReluBackwardOperator<double>>(grad, x, slope, result); break;
                default: throw grad.NotFloating("leaky_relu_backward");
            }
            return result;
        }

        /// <summary>grad * sign(x) (sign(0) = 0): the gradient of |x|.</summary>
        public static TensorData AbsBackward(TensorData grad, TensorData x) =>
            grad.FloatBinary<AbsBackwardOperator<float>, AbsBackwardOperator<double>>(x, "abs_backward");

        /// <summary>grad where min &lt;= x &lt;= max (inclusive, a null bound is open), else 0; NaN x gets 0.</summary>
        public static TensorData ClampBackward(TensorData grad, TensorData x, double? min, double? max)
        {
            var result = grad;
            if (min is double lo) result = DTypeDispatch.FloatTernary<PassAtOrAboveOperator<float>, PassAtOrAboveOperator<double>>(result, x, grad.ScalarLike(lo), "clamp_backward");
            if (max is double hi) result = DTypeDispatch.FloatTernary<PassAtOrBelowOperator<float>, PassAtOrBelowOperator<double>>(result, x, grad.ScalarLike(hi), "clamp_backward");
            return ReferenceEquals(result, grad) ? grad.Clone() : result;
        }

        /// <summary>
        /// The part of grad owed to <paramref name="winner"/> in max(winner, other): all of it where
        /// winner &gt; other (or either is NaN), half on ties, none where winner &lt; other. Swap the
        /// operands for the other input, and for minimum.
        /// </summary>
        public static TensorData WinnerShare(TensorData grad, TensorData winner, TensorData other) =>
            DTypeDispatch.FloatTernary<WinnerShareOperator<float>, WinnerShareOperator<double>>(grad, winner, other, "maximum_backward");

        /// <summary>grad * y * x^(y-1), 0 where y == 0: the gradient of x^y with respect to x.</summary>
        public static TensorData PowBackwardBase(TensorData grad, TensorData x, TensorData y) =>
            DTypeDispatch.FloatTernary<PowBackwardBaseOperator<float>, PowBackwardBaseOperator<double>>(grad, x, y, "pow_backward_self");

        /// <summary>grad * x^y * ln x, 0 where x == 0 and y &gt;= 0: the gradient of x^y with respect to y.</summary>
        public static TensorData PowBackwardExponent(TensorData grad, TensorData x, TensorData y) =>
            DTypeDispatch.FloatTernary<PowBackwardExponentOperator<float>, PowBackwardExponentOperator<double>>(grad, x, y, "pow_backward_exponent");
    }
}
