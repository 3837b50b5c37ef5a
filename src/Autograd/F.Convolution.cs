using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

public static partial class F
{
    /// <summary>2-d convolution over [N, C, H, W] (or unbatched [C, H, W]) with weight [out, in/groups, kH, kW].</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, IntPair? stride = null, IntPair? padding = null, IntPair? dilation = null, int groups = 1)
    {
        var (x, unbatched) = Batched(input, "conv2d");
        var y = Fn.Conv2d.Apply(x, weight, bias, (stride ?? 1).ToTuple(), (padding ?? 0).ToTuple(), (dilation ?? 1).ToTuple(), groups);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>Max over kernel windows (stride defaults to the kernel size; padding pads with -inf).</summary>
    public static Tensor MaxPool2d(Tensor input, IntPair kernelSize, IntPair? stride = null, IntPair? padding = null) =>
        MaxPool2dWithIndices(input, kernelSize, stride, padding).Output;

    /// <summary>Max pooling that also returns the flat index (within each H×W plane) of every chosen element.</summary>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, IntPair kernelSize, IntPair? stride = null, IntPair? padding = null)
    {
        var (x, unbatched) = Batched(input, "max_pool2d");
        var (y, indices) = Fn.MaxPool2d.Apply(x, kernelSize.ToTuple(), (stride ?? kernelSize).ToTuple(), (padding ?? 0).ToTuple());
        return unbatched ? (y.Squeeze(0), indices.Squeeze(0)) : (y, indices);
    }

    /// <summary>Mean over kernel windows, counting padding (count_include_pad=True).</summary>
    public static Tensor AvgPool2d(Tensor input, IntPair kernelSize, IntPair? stride = null, IntPair? padding = null)
    {
        var (x, unbatched) = Batched(input, "avg_pool2d");
        var y = Fn.AvgPool2d.Apply(x, kernelSize.ToTuple(), (stride ?? kernelSize).ToTuple(), (padding ?? 0).ToTuple());
        return unbatched ? y.Squeeze(0) : y;
    }

    private static (Tensor Input, bool Unbatched) Batched(Tensor input, string op) =>
        ConvolutionOps.IsUnbatched(input.Shape, op) ? (input.Unsqueeze(0), true) : (input, false);
}
