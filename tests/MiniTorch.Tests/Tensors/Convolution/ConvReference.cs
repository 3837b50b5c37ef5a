namespace MiniTorch.Tests.Tensors.Convolution;

/// <summary>One convolution problem: shapes and hyperparameters, with the output size it implies.</summary>
public sealed record ConvCase(int N, int C, int H, int W, int O, int KH, int KW,
    (int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation, int Groups)
{
    public int OutH => (H + 2 * Padding.H - Dilation.H * (KH - 1) - 1) / Stride.H + 1;
    public int OutW => (W + 2 * Padding.W - Dilation.W * (KW - 1) - 1) / Stride.W + 1;
    public int[] InputShape => [N, C, H, W];
    public int[] WeightShape => [O, C / Groups, KH, KW];
    public int[] OutputShape => [N, O, OutH, OutW];

    public override string ToString() =>
        $"input [{N}, {C}, {H}, {W}], weight [{O}, {C / Groups}, {KH}, {KW}], stride {Stride}, padding {Padding}, dilation {Dilation}, groups {Groups}";
}

/// <summary>
/// Direct-loop convolution in double. Every product term of the convolution is one
/// (input element, weight element, output element) triple; forward and both gradients are sums
/// of these products, so one enumeration serves all three references.
/// </summary>
public static class ConvReference
{
    /// <summary>Calls <paramref name="term"/>(inputIndex, weightIndex, outputIndex) for every product term.</summary>
    public static void ForEachTerm(ConvCase c, Action<int, int, int> term)
    {
        int cg = c.C / c.Groups, og = c.O / c.Groups;
        for (int n = 0; n < c.N; n++)
            for (int o = 0; o < c.O; o++)
            {
                int g = o / og;
                for (int ci = 0; ci < cg; ci++)
                    for (int kh = 0; kh < c.KH; kh++)
                        for (int kw = 0; kw < c.KW; kw++)
                            for (int oh = 0; oh < c.OutH; oh++)
                            {
                                int ih = oh * c.Stride.H - c.Padding.H + kh * c.Dilation.H;
                                if (ih < 0 || ih >= c.H) continue;
                                for (int ow = 0; ow < c.OutW; ow++)
                                {
                                    int iw = ow * c.Stride.W - c.Padding.W + kw * c.Dilation.W;
                                    if (iw < 0 || iw >= c.W) continue;
                                    int x = ((n * c.C + g * cg + ci) * c.H + ih) * c.W + iw;
                                    int w = ((o * cg + ci) * c.KH + kh) * c.KW + kw;
                                    int y = ((n * c.O + o) * c.OutH + oh) * c.OutW + ow;
                                    term(x, w, y);
                                }
                            }
            }
    }

    /// <summary>Sums <c>left[l] * right[r]</c> into <c>target[t]</c> for every term, with |products| and term counts for the error bound.</summary>
    private static (double[] Value, double[] Magnitude, int MaxTerms) Accumulate(ConvCase c, int size,
        Func<(int X, int W, int Y), (int Target, double Left, double Right)> pick)
    {
        var value = new double[size];
        var magnitude = new double[size];
        var terms = new int[size];
        ForEachTerm(c, (x, w, y) =>
        {
            var (t, l, r) = pick((x, w, y));
            value[t] += l * r;
            magnitude[t] += Math.Abs(l * r);
            terms[t]++;
        });
        return (value, magnitude, terms.DefaultIfEmpty(0).Max());
    }

    public static (double[] Value, double[] Magnitude, int MaxTerms) Forward(ConvCase c, double[] x, double[] w, double[]? bias)
    {
        int size = c.N * c.O * c.OutH * c.OutW;
        var r = Accumulate(c, size, t => (t.Y, x[t.X], w[t.W]));
        if (bias != null)
            for (int i = 0; i < size; i++)
            {
                double b = bias[i / (c.OutH * c.OutW) % c.O];
                r.Value[i] += b;
                r.Magnitude[i] += Math.Abs(b);
            }
        return (r.Value, r.Magnitude, r.MaxTerms + 1);
    }

    public static (double[] Value, double[] Magnitude, int MaxTerms) BackwardInput(ConvCase c, double[] dy, double[] w) =>
        Accumulate(c, c.N * c.C * c.H * c.W, t => (t.X, dy[t.Y], w[t.W]));

    public static (double[] Value, double[] Magnitude, int MaxTerms) BackwardWeight(ConvCase c, double[] dy, double[] x) =>
        Accumulate(c, c.O * (c.C / c.Groups) * c.KH * c.KW, t => (t.W, dy[t.Y], x[t.X]));
}
