namespace MiniTorch.Tensors.Kernels.Pooling;

/// <summary>Sizes of one 2-d pooling over the N*C planes of an [N, C, H, W] tensor (ceil_mode off, dilation 1).</summary>
internal readonly record struct PoolGeometry(int Planes, int Height, int Width, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW, int OutH, int OutW)
{
    public int InPlane => Height * Width;
    public int OutPlane => OutH * OutW;
    /// <summary>A 2x2 window with stride 2 and no padding: every window lies inside the input.</summary>
    public bool IsTwoByTwo => KernelH == 2 && KernelW == 2 && StrideH == 2 && StrideW == 2 && PadH == 0 && PadW == 0;

    public double Work => (double)Planes * OutPlane * KernelH * KernelW;

    /// <summary>Checks the hyperparameters against a 3-d or 4-d input shape, with PyTorch's wording.</summary>
    public static PoolGeometry Create(ReadOnlySpan<int> input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, string op)
    {
        if (input.Length is not (3 or 4))
            throw new ArgumentException($"{op}: non-empty 3D or 4D (batch mode) tensor expected for input, but got input of size {ShapeUtil.Format(input)}");
        if (kernel.H <= 0 || kernel.W <= 0)
            throw new ArgumentException($"{op}: kernel_size must be greater than zero, but got kernel_size ({kernel.H}, {kernel.W})");
        if (stride.H <= 0 || stride.W <= 0)
            throw new ArgumentException($"{op}: stride should be greater than zero, but got stride ({stride.H}, {stride.W})");
        if (padding.H < 0 || padding.W < 0)
            throw new ArgumentException($"{op}: pad must be non-negative, but got pad ({padding.H}, {padding.W})");
        if (padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            throw new ArgumentException($"{op}: pad should be at most half of effective kernel size, but got pad=({padding.H}, {padding.W}), kernel_size=({kernel.H}, {kernel.W}) and dilation=1");
        int planes = 1;
        for (int d = 0; d < input.Length - 2; d++) planes *= input[d];
        int h = input[^2], w = input[^1];
        int outH = (h + 2 * padding.H - kernel.H) / stride.H + 1;
        int outW = (w + 2 * padding.W - kernel.W) / stride.W + 1;
        if (h + 2 * padding.H < kernel.H || w + 2 * padding.W < kernel.W || outH < 1 || outW < 1)
            throw new ArgumentException($"{op}: Given input size: {ShapeUtil.Format(input)}. Calculated output size: ({Math.Max(outH, 0)}x{Math.Max(outW, 0)}) for kernel ({kernel.H}, {kernel.W}), stride ({stride.H}, {stride.W}) and padding ({padding.H}, {padding.W}). Output size is too small");
        return new PoolGeometry(planes, h, w, kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W, outH, outW);
    }

    /// <summary>The output shape for an input of <paramref name="input"/>: leading dims kept, last two replaced.</summary>
    public int[] OutputShape(ReadOnlySpan<int> input)
    {
        var shape = input.ToArray();
        shape[^2] = OutH;
        shape[^1] = OutW;
        return shape;
    }

    /// <summary>Input rows [start, end) under output row <paramref name="oh"/>, clipped to the input.</summary>
    public (int Start, int End) Rows(int oh)
    {
        int start = oh * StrideH - PadH;
        return (Math.Max(start, 0), Math.Min(start + KernelH, Height));
    }

    /// <summary>Input columns [start, end) under output column <paramref name="ow"/>, clipped to the input.</summary>
    public (int Start, int End) Columns(int ow)
    {
        int start = ow * StrideW - PadW;
        return (Math.Max(start, 0), Math.Min(start + KernelW, Width));
    }
}
