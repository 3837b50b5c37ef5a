namespace MiniTorch.NN;

/// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public class MaxPool2d(IntPair kernelSize, IntPair? stride = null, IntPair? padding = null) : Module<Tensor, Tensor>
{
    public IntPair KernelSize { get; } = kernelSize;
    public IntPair Stride { get; } = stride ?? kernelSize;
    public IntPair Padding { get; } = padding ?? 0;
    public override Tensor Forward(Tensor input) => F.MaxPool2d(input, KernelSize, Stride, Padding);
    public override string ExtraRepr() => $"kernel_size={Compact(KernelSize)}, stride={Compact(Stride)}, padding={Compact(Padding)}, dilation=1, ceil_mode=False";

    // PyTorch prints the argument as given: an int when both sides agree.
    internal static string Compact(IntPair p) => p.H == p.W ? p.H.ToString() : p.ToString();
}

/// <summary>Average pooling over [N, C, H, W], counting padding in the divisor like PyTorch's default.</summary>
public class AvgPool2d(IntPair kernelSize, IntPair? stride = null, IntPair? padding = null) : Module<Tensor, Tensor>
{
    public IntPair KernelSize { get; } = kernelSize;
    public IntPair Stride { get; } = stride ?? kernelSize;
    public IntPair Padding { get; } = padding ?? 0;
    public override Tensor Forward(Tensor input) => F.AvgPool2d(input, KernelSize, Stride, Padding);
    public override string ExtraRepr() => $"kernel_size={MaxPool2d.Compact(KernelSize)}, stride={MaxPool2d.Compact(Stride)}, padding={MaxPool2d.Compact(Padding)}";
}
