using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// softmax / log_softmax (their backward is written in the autograd node). The forward kernels are fused (one max,
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
}
