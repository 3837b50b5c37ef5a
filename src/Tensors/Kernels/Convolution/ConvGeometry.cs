namespace MiniTorch.Tensors.Kernels.Convolution;

/// <summary>
/// Sizes of one 2-d convolution, checked once with PyTorch's error wording. Per group the
/// convolution is a matrix product: weight [Og, K] times the input unfolded to columns [K, P], with
/// K = Cg*kH*kW (one row per channel and kernel tap) and P = outH*outW (one column per output pixel).
/// </summary>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int Height, int Width,
    int OutChannels, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int Groups,
    int OutH, int OutW)
{
    public int GroupInChannels => InChannels / Groups;
    public int GroupOutChannels => OutChannels / Groups;
    /// <summary>Rows of the unfolded input: channels of one group times kernel taps.</summary>
    public int K => GroupInChannels * KernelH * KernelW;
    /// <summary>Output pixels per channel.</summary>
    public int P => OutH * OutW;
    public int InPlane => Height * Width;

    /// <summary>A 1x1 kernel with stride 1 and no padding: the input planes already are the columns.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>Multiply-adds of the whole convolution.</summary>
    public double Work => (double)Batch * OutChannels * K * P;

    /// <summary>
    /// Validates a batched [N, C, H, W] input shape against a weight shape and the hyperparameters;
    /// <paramref name="what"/> names the caller in messages. The input's rank is checked (and an
    /// unbatched input given its batch dim) by ConvolutionOps.IsUnbatched before this runs.
    /// </summary>
    public static ConvGeometry Create(ReadOnlySpan<int> input, ReadOnlySpan<int> weight,
        (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups, string what)
    {
        if (weight.Length != 4)
            throw new ArgumentException($"{what}: expected a 4-d weight [out_channels, in_channels/groups, kH, kW], but got weight of size {ShapeUtil.Format(weight)}");
        if (stride.H <= 0 || stride.W <= 0)
            throw new ArgumentException($"{what}: non-positive stride is not supported (stride ({stride.H}, {stride.W}))");
        if (padding.H < 0 || padding.W < 0)
            throw new ArgumentException($"{what}: negative padding is not supported (padding ({padding.H}, {padding.W}))");
        if (dilation.H <= 0 || dilation.W <= 0)
            throw new ArgumentException($"{what}: dilation should be greater than zero (dilation ({dilation.H}, {dilation.W}))");
        if (groups <= 0)
            throw new ArgumentException($"{what}: non-positive groups is not supported (groups {groups})");
        int outChannels = weight[0];
        if (outChannels % groups != 0)
            throw new ArgumentException($"{what}: out_channels must be divisible by groups (weight of size {ShapeUtil.Format(weight)}, groups={groups})");
        if (input[1] != weight[1] * groups)
            throw new ArgumentException($"{what}: Given groups={groups}, weight of size {ShapeUtil.Format(weight)}, expected input{ShapeUtil.Format(input)} to have {weight[1] * groups} channels, but got {input[1]} channels instead");
        if (weight[2] <= 0 || weight[3] <= 0)
            throw new ArgumentException($"{what}: kernel size should be greater than zero, but got weight of size {ShapeUtil.Format(weight)}");

        int paddedH = input[2] + 2 * padding.H, paddedW = input[3] + 2 * padding.W;
        int spanH = dilation.H * (weight[2] - 1) + 1, spanW = dilation.W * (weight[3] - 1) + 1;
        if (paddedH < spanH || paddedW < spanW)
            throw new ArgumentException($"{what}: Calculated padded input size per channel: ({paddedH} x {paddedW}). Kernel size: ({spanH} x {spanW}). Kernel size can't be greater than actual input size (input {ShapeUtil.Format(input)}, weight {ShapeUtil.Format(weight)})");
        int outH = (paddedH - spanH) / stride.H + 1, outW = (paddedW - spanW) / stride.W + 1;
        return new ConvGeometry(input[0], input[1], input[2], input[3], outChannels, weight[2], weight[3],
            stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, groups, outH, outW);
    }

    public int[] InputShape => [Batch, InChannels, Height, Width];
    public int[] WeightShape => [OutChannels, GroupInChannels, KernelH, KernelW];
    public int[] OutputShape => [Batch, OutChannels, OutH, OutW];
}
