using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>2-D convolution over [N, C, H, W]; weight [out, in/groups, kH, kW], bias [out].</summary>
public class Conv2d : Module<Tensor, Tensor>
{
    public Conv2d(int inChannels, int outChannels, IntPair kernelSize, IntPair? stride = null, IntPair? padding = null,
        IntPair? dilation = null, int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be a positive integer");
        if (inChannels % groups != 0) throw new ArgumentException($"in_channels ({inChannels}) must be divisible by groups ({groups})");
        if (outChannels % groups != 0) throw new ArgumentException($"out_channels ({outChannels}) must be divisible by groups ({groups})");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        Weight = RegisterParameter("weight", new Parameter(Torch.Zeros(dtype, outChannels, inChannels / groups, kernelSize.H, kernelSize.W)));
        Bias = RegisterParameter("bias", bias ? new Parameter(Torch.Zeros(dtype, outChannels)) : null);
        Init.KaimingUniform(Weight, Math.Sqrt(5), generator);
        if (Bias != null) Init.BiasUniform(Bias, Weight, generator);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public IntPair KernelSize { get; }
    public IntPair Stride { get; }
    public IntPair Padding { get; }
    public IntPair Dilation { get; }
    public int Groups { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input) => F.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    public override string ExtraRepr()
    {
        var s = $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}";
        if (Padding != new IntPair(0, 0)) s += $", padding={Padding}";
        if (Dilation != new IntPair(1, 1)) s += $", dilation={Dilation}";
        if (Groups != 1) s += $", groups={Groups}";
        if (Bias == null) s += ", bias=False";
        return s;
    }
}
