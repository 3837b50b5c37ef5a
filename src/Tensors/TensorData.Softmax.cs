using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// softmax / log_softmax and their backward helpers. The forward kernels are fused (one max,
// one exp pass) because the composite form would overflow for large logits.
public sealed partial class TensorData
{
    /// <summary>torch.softmax along <paramref name="dim"/>, stable for logits of any magnitude.</summary>
    public TensorData Softmax(int dim) => SoftmaxLike(dim, "softmax", log: false);

    /// <summary>torch.log_softmax along <paramref name="dim"/>: x - max - log(sum(exp(x - max))).</summary>
    public TensorData LogSoftmax(int dim) => SoftmaxLike(dim, "log_softmax", log: true);

    /// <summary>Gradient of softmax: y * (g - sum(g * y, dim)), with y the softmax output.</summary>
    public static TensorData SoftmaxBackward(TensorData grad, TensorData output, int dim)
    {
        CheckSoftmaxBackward(grad, output, dim, "softmax_backward");
        var weighted = grad.Mul(output);
        int[] dims = [dim];
        return grad.Sub(weighted.Sum(dims, keepDim: true)).MulInPlace(output);
    }

    /// <summary>Gradient of log_softmax: g - exp(y) * sum(g, dim), with y the log_softmax output.</summary>
    public static TensorData LogSoftmaxBackward(TensorData grad, TensorData output, int dim)
    {
        CheckSoftmaxBackward(grad, output, dim, "log_softmax_backward");
        int[] dims = [dim];
        return grad.Sub(output.Exp().MulInPlace(grad.Sum(dims, keepDim: true)));
    }

    private TensorData SoftmaxLike(int dim, string op, bool log)
    {
        if (!IsFloatingPoint)
            throw new NotSupportedException($"{op} is only defined for float32 and float64 tensors, got {DType.Name()} with shape {ShapeUtil.Format(_shape)}");
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        var (outer, size, inner) = SplitAt(d);
        var x = Contiguous();
        var y = Uninitialized(DType, _shape);
        if (Numel == 0) return y;
        if (DType == DType.Float32)
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

    private static void CheckSoftmaxBackward(TensorData grad, TensorData output, int dim, string op)
    {
        CheckSameShape(grad, output, op);
        if (grad.DType != output.DType || !grad.IsFloatingPoint)
            throw new ArgumentException($"{op}: expected grad and output of one floating dtype, got {grad.DType.Name()} and {output.DType.Name()} (shape {ShapeUtil.Format(grad._shape)})");
        ShapeUtil.NormalizeDim(dim, grad.Rank);
    }
}
