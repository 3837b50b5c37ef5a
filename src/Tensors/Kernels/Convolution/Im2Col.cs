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
        bool contiguousRows = g.StrideH == 1 && g.StrideW == 1 && g.Width == outW;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            T* plane = image + c * g.InPlane;
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    var (first, end, start) = ValidColumns(g, kw);
                    if (contiguousRows)
                    {
                        UnfoldShiftedPlane(g, plane, columns, kh, first, end, start);
                        columns += g.P;
                        continue;
                    }
                    for (int oh = 0; oh < g.OutH; oh++, columns += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.Height)
                        {
                            RowOps<T>.Clear(columns, outW);
                            continue;
                        }
                        T* src = plane + ih * g.Width + start;
                        for (int ow = 0; ow < first; ow++) columns[ow] = T.Zero;
                        if (g.StrideW == 1)
                            RowOps<T>.Copy(src + first, columns + first, end - first);
                        else
                            for (int ow = first; ow < end; ow++) columns[ow] = src[ow * g.StrideW];
                        for (int ow = end; ow < outW; ow++) columns[ow] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One row of the column matrix when stride is 1 and the output is as wide as the input
    /// ("same" padding): the tap's view of the plane is then the plane itself shifted, so the
    /// valid rows are one contiguous copy; only the padding columns at each row's ends are then
    /// reset to zero (the copy carried neighbouring pixels into them).
    /// </summary>
    private static void UnfoldShiftedPlane(in ConvGeometry g, T* plane, T* row, int kh, int first, int end, int start)
    {
        int outW = g.OutW;
        int shift = kh * g.DilationH - g.PadH; // input row of output row 0
        int oh0 = Math.Clamp(-shift, 0, g.OutH), oh1 = Math.Clamp(g.Height - shift, oh0, g.OutH);
        RowOps<T>.Clear(row, oh0 * outW);
        RowOps<T>.Clear(row + oh1 * outW, (g.OutH - oh1) * outW);
        if (oh0 == oh1 || first == end)
        {
            RowOps<T>.Clear(row + oh0 * outW, (oh1 - oh0) * outW);
            return;
        }
        T* src = plane + (oh0 + shift) * g.Width + start + first;
        RowOps<T>.Copy(src, row + oh0 * outW + first, (oh1 - oh0 - 1) * outW + end - first);
        for (int oh = oh0; oh < oh1; oh++)
        {
            T* r = row + oh * outW;
            for (int ow = 0; ow < first; ow++) r[ow] = T.Zero;
            for (int ow = end; ow < outW; ow++) r[ow] = T.Zero;
        }
    }

    /// <summary>
    /// Adds the [K, P] <paramref name="columns"/> back onto <paramref name="image"/> ([Cg, H, W],
    /// contiguous): every tap's value lands on the input pixel it was read from. With stride 1 and
    /// "same" width the columns' padding entries are zeroed first (the buffer is scratch), so each
    /// tap's row is one contiguous add of the shifted plane, as in <see cref="Unfold"/>.
    /// </summary>
    public static void FoldAdd(in ConvGeometry g, T* columns, T* image)
    {
        int outW = g.OutW;
        bool contiguousRows = g.StrideH == 1 && g.StrideW == 1 && g.Width == outW;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            T* plane = image + c * g.InPlane;
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    var (first, end, start) = ValidColumns(g, kw);
                    if (contiguousRows)
                    {
                        FoldShiftedPlane(g, columns, plane, kh, first, end, start);
                        columns += g.P;
                        continue;
                    }
                    for (int oh = 0; oh < g.OutH; oh++, columns += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        T* dst = plane + ih * g.Width + start;
                        if (g.StrideW == 1)
                            RowOps<T>.AddTo(columns + first, dst + first, end - first);
                        else
                            for (int ow = first; ow < end; ow++) dst[ow * g.StrideW] += columns[ow];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="UnfoldShiftedPlane"/>: adds one row of the column matrix onto the
    /// plane as a single contiguous run, after zeroing the row's padding entries (whose run
    /// positions fall on neighbouring rows' pixels).
    /// </summary>
    private static void FoldShiftedPlane(in ConvGeometry g, T* row, T* plane, int kh, int first, int end, int start)
    {
        int outW = g.OutW;
        int shift = kh * g.DilationH - g.PadH;
        int oh0 = Math.Clamp(-shift, 0, g.OutH), oh1 = Math.Clamp(g.Height - shift, oh0, g.OutH);
        if (oh0 == oh1 || first == end) return;
        for (int oh = oh0; oh < oh1; oh++)
        {
            T* r = row + oh * outW;
            for (int ow = 0; ow < first; ow++) r[ow] = T.Zero;
            for (int ow = end; ow < outW; ow++) r[ow] = T.Zero;
        }
        T* dst = plane + (oh0 + shift) * g.Width + start + first;
        RowOps<T>.AddTo(row + oh0 * outW + first, dst, (oh1 - oh0 - 1) * outW + end - first);
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
