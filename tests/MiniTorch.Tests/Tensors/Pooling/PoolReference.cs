namespace MiniTorch.Tests.Tensors.Pooling;

/// <summary>One pooling problem over an [N, C, H, W] input.</summary>
public sealed record PoolCase(int N, int C, int H, int W, (int H, int W) Kernel, (int H, int W) Stride, (int H, int W) Padding)
{
    public int OutH => (H + 2 * Padding.H - Kernel.H) / Stride.H + 1;
    public int OutW => (W + 2 * Padding.W - Kernel.W) / Stride.W + 1;
    public int[] InputShape => [N, C, H, W];
    public int[] OutputShape => [N, C, OutH, OutW];

    public override string ToString() => $"input [{N}, {C}, {H}, {W}], kernel {Kernel}, stride {Stride}, padding {Padding}";
}

/// <summary>Direct-loop pooling in double, written from the definitions (windows over the padded input).</summary>
public static class PoolReference
{
    /// <summary>Calls <paramref name="visit"/>(plane, outputIndex, inputIndexInPlane) for every in-bounds window element, in row-major window order.</summary>
    private static void ForEachWindowElement(PoolCase c, Action<int, int, int> visit)
    {
        for (int plane = 0; plane < c.N * c.C; plane++)
            for (int oh = 0; oh < c.OutH; oh++)
                for (int ow = 0; ow < c.OutW; ow++)
                    for (int i = 0; i < c.Kernel.H; i++)
                        for (int j = 0; j < c.Kernel.W; j++)
                        {
                            int h = oh * c.Stride.H - c.Padding.H + i, w = ow * c.Stride.W - c.Padding.W + j;
                            if (h >= 0 && h < c.H && w >= 0 && w < c.W)
                                visit(plane, (plane * c.OutH + oh) * c.OutW + ow, h * c.W + w);
                        }
    }

    /// <summary>Maxima (a NaN wins, a later NaN replaces it; ties keep the first) and the flat in-plane index of each.</summary>
    public static (double[] Max, long[] Index) MaxPool(PoolCase c, double[] x)
    {
        int size = c.N * c.C * c.OutH * c.OutW;
        var max = Enumerable.Repeat(double.NegativeInfinity, size).ToArray();
        var index = Enumerable.Repeat(-1L, size).ToArray();
        ForEachWindowElement(c, (plane, o, i) =>
        {
            double v = x[plane * c.H * c.W + i];
            if (index[o] < 0) index[o] = i; // the index starts at the first in-bounds pixel, the value at -inf
            if (v > max[o] || double.IsNaN(v)) { max[o] = v; index[o] = i; }
        });
        return (max, index);
    }

    public static double[] MaxPoolBackward(PoolCase c, double[] dy, long[] index)
    {
        var dx = new double[c.N * c.C * c.H * c.W];
        for (int o = 0; o < dy.Length; o++)
        {
            int plane = o / (c.OutH * c.OutW);
            dx[plane * c.H * c.W + index[o]] += dy[o];
        }
        return dx;
    }

    /// <summary>Window sums divided by the full kernel area (count_include_pad).</summary>
    public static double[] AvgPool(PoolCase c, double[] x)
    {
        var y = new double[c.N * c.C * c.OutH * c.OutW];
        ForEachWindowElement(c, (plane, o, i) => y[o] += x[plane * c.H * c.W + i]);
        return y.Select(v => v / (c.Kernel.H * c.Kernel.W)).ToArray();
    }

    public static double[] AvgPoolBackward(PoolCase c, double[] dy)
    {
        var dx = new double[c.N * c.C * c.H * c.W];
        ForEachWindowElement(c, (plane, o, i) => dx[plane * c.H * c.W + i] += dy[o] / (c.Kernel.H * c.Kernel.W));
        return dx;
    }
}
