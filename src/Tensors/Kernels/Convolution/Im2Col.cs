using System.Numerics;

namespace MiniTorch.Tensors.Kernels.Convolution;

/// <summary>
/// Unfolds one image's channels into the column matrix a convolution multiplies (im2col), and
/// folds a column matrix back, adding overlapping taps (col2im, the adjoint used by the input
/// gradient). Row (c, kh, kw) of the [K, P] matrix holds, for every output pixel, the input value
/// that tap sees (zero in the padding).
/// </summary>
internal static unsafe class Im2Col<T> where T : unmanaged, INumber<T>
{
    /// <summary><paramref name="image"/> is [Cg, H, W] contiguous; <paramref name="columns"/> receives [K, P].</summary>
    public static void Unfold(in ConvGeometry g, T* image, T* columns)
    {
        int outW = g.OutW;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            T* plane = image + c * g.InPlane;
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    var (first, end, start) = ValidColumns(g, kw);
                    for (int oh = 0; oh < g.OutH; oh++, columns += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.Height)
                        {
                            new Span<T>(columns, outW).Clear();
                            continue;
                        }
                        T* src = plane + ih * g.Width + start;
                        new Span<T>(columns, first).Clear();
                        if (g.StrideW == 1)
                            new ReadOnlySpan<T>(src + first, end - first).CopyTo(new Span<T>(columns + first, end - first));
                        else
                            for (int ow = first; ow < end; ow++) columns[ow] = src[ow * g.StrideW];
                        new Span<T>(columns + end, outW - end).Clear();
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds the [K, P] <paramref name="columns"/> back onto <paramref name="image"/> ([Cg, H, W],
    /// contiguous): every tap's value lands on the input pixel it was read from.
    /// </summary>
    public static void FoldAdd(in ConvGeometry g, T* columns, T* image)
    {
        int outW = g.OutW;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            T* plane = image + c * g.InPlane;
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    var (first, end, start) = ValidColumns(g, kw);
                    for (int oh = 0; oh < g.OutH; oh++, columns += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        T* dst = plane + ih * g.Width + start;
                        for (int ow = first; ow < end; ow++) dst[ow * g.StrideW] += columns[ow];
                    }
                }
            }
        }
    }

    /// <summary>
    /// For kernel column <paramref name="kw"/>: the output columns [first, end) whose tap lands
    /// inside the input row, and the input column offset <c>start</c> (tap of output column ow is
    /// at <c>start + ow*strideW</c>).
    /// </summary>
    private static (int First, int End, int Start) ValidColumns(in ConvGeometry g, int kw)
    {
        int start = kw * g.DilationW - g.PadW;
        // start + ow*s >= 0  <=>  ow >= ceil(-start / s);  start + ow*s <= W-1  <=>  ow <= floor((W-1-start)/s)
        int first = start >= 0 ? 0 : (-start + g.StrideW - 1) / g.StrideW;
        int end = g.Width - 1 - start < 0 ? 0 : (g.Width - 1 - start) / g.StrideW + 1;
        first = Math.Min(first, g.OutW);
        end = Math.Clamp(end, first, g.OutW);
        return (first, end, start);
    }
}
