using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// softmax / log_softmax and their backward helpers. The forward kernels are fused (one max,
// one exp pass) because the composite form would overflow for large logits.
public static class SoftmaxOps
{
    extension(TensorData self)
    {
        /// <summary>torch.softmax along <paramref name="dim"/>, stable for logits of any magnitude.</summary>
        public TensorData Softmax(int dim) => self.SoftmaxLike(dim, "softmax", log: false);

        /// <summary>torch.log_softmax along <paramref name="dim"/>: x - max - log(sum(exp(x - max))).</summary>
        public TensorData LogSoftmax(int dim) => self.SoftmaxLike(dim, "log_softmax", log: true);

        private TensorData SoftmaxLike(int dim, string op, bool log)
        {
            self.RequireFloat(op);
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            var (outer, size, inner) = self.SplitAt(d);
            var x = self.Contiguous();
            var y = TensorData.Uninitialized(self.DType, self.ShapeRef);
            if (self.Numel == 0) return y;
            if (self.DType == DType.Float32)
            {
                if (log) SoftmaxKernels.LogSoftmax(x.Span<float>(), y.Span<float>(), outer, size, inner);
                else SoftmaxKernels.Softmax(x.Span<float>(), y.Span<float>(), outer, size, inner);
            }
            else
            {
                if (log) SoftmaxKernels.LogSoftmax(x.Span<double>(), y.Span<double>(), outer, size, inner);
                else SoftmaxKernels.Softmax(x.Span<double>(), y.Span<double>(), outer, size, inner);
            }
            return y;
        }
    }

    extension(TensorData)
    {
        /// <summary>Gradient of softmax: y * (g - sum(g * y, dim)), with y the softmax output.</summary>
        public static TensorData SoftmaxBackward(TensorData grad, TensorData output, int dim)
        {
            int[] dims = [CheckSoftmaxBackward(grad, output, dim, "softmax_backward")];
            var weighted = grad.Mul(output);
            return grad.Sub(weighted.Sum(dims, keepDim: true)).MulInPlace(output);
        }

        /// <summary>Gradient of log_softmax: g - exp(y) * sum(g, dim), with y the log_softmax output.</summary>
        public static TensorData LogSoftmaxBackward(TensorData grad, TensorData output, int dim)
        {
            int[] dims = [CheckSoftmaxBackward(grad, output, dim, "log_softmax_backward")];
            return grad.Sub(output.Exp().MulInPlace(grad.Sum(dims, keepDim: true)));
        }
    }

    /// <summary>Checks the backward operands; returns <paramref name="dim"/> normalized.</summary>
    private static int CheckSoftmaxBackward(TensorData grad, TensorData output, int dim, string op)
    {
        OperandChecks.CheckSameShape(grad, output, op);
        if (grad.DType != output.DType || !grad.IsFloatingPoint)
            throw new ArgumentException($"{op}: expected grad and output of one floating dtype, got {grad.DType.Name()} and {output.DType.Name()} (shape {ShapeUtil.Format(grad.ShapeRef)})");
        return ShapeUtil.NormalizeDim(dim, grad.Rank);
    }
}
