using System.Buffers;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Runs the contiguous loop templates over tensors of any layout. A <see cref="StridedWalker"/>
/// splits the index space into runs; a run whose operands are contiguous (or broadcast scalars)
/// goes straight to the SIMD loop, any other run is gathered into a scratch buffer first.
/// </summary>
internal static class StridedElementwise
{
    /// <summary>destination = op(source); shapes equal; destination may be source (in place).</summary>
    public static void Unary<T, TOp>(TensorData source, TensorData destination)
        where T : struct where TOp : IUnaryOperator<T>
    {
        var src = source.StorageSpan<T>();
        var dst = destination.StorageSpan<T>();
        if (source.IsContiguous && destination.IsContiguous)
        {
            var x = src.Slice(source.Offset, source.Numel);
            var d = dst.Slice(destination.Offset, destination.Numel);
            if (!ParallelElementwise.TryUnary<T, TOp>(x, d, Threading.ThreadCount)) ElementwiseLoops.Unary<T, TOp>(x, d);
            return;
        }
        var walker = new StridedWalker(destination.Shape, [destination.StridesRef, source.StridesRef], [destination.Offset, source.Offset]);
        int n = walker.RunLength, sd = walker.InnerStride(0), ss = walker.InnerStride(1);
        T[]? scratch = sd == 1 && ss == 1 ? null : ArrayPool<T>.Shared.Rent(n);
        try
        {
            while (walker.MoveNext())
            {
                int od = walker.Offset(0), os = walker.Offset(1);
                if (scratch == null)
                {
                    ElementwiseLoops.Unary<T, TOp>(src.Slice(os, n), dst.Slice(od, n));
                    continue;
                }
                var buf = scratch.AsSpan(0, n);
                Gather(src, os, ss, buf);
                ElementwiseLoops.Unary<T, TOp>(buf, buf);
                Scatter(buf, dst, od, sd);
            }
        }
        finally { if (scratch != null) ArrayPool<T>.Shared.Return(scratch); }
    }

    /// <summary>
    /// destination = op(a, b); a and b are already expanded (stride 0 on broadcast dims) to the
    /// destination's shape. destination may alias a (in place).
    /// </summary>
    public static void Binary<T, TOp>(TensorData a, TensorData b, TensorData destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        var sa = a.StorageSpan<T>();
        var sb = b.StorageSpan<T>();
        var dst = destination.StorageSpan<T>();
        if (a.IsContiguous && b.IsContiguous && destination.IsContiguous)
        {
            var x = sa.Slice(a.Offset, a.Numel);
            var y = sb.Slice(b.Offset, b.Numel);
            var d = dst.Slice(destination.Offset, destination.Numel);
            if (!ParallelElementwise.TryBinary<T, TOp>(x, y, d, Threading.ThreadCount)) ElementwiseLoops.Binary<T, TOp>(x, y, d);
            return;
        }
        var walker = new StridedWalker(destination.Shape,
            [destination.StridesRef, a.StridesRef, b.StridesRef], [destination.Offset, a.Offset, b.Offset]);
        int n = walker.RunLength, sd = walker.InnerStride(0), s1 = walker.InnerStride(1), s2 = walker.InnerStride(2);
        bool direct = sd == 1 && s1 is 0 or 1 && s2 is 0 or 1;
        T[]? bufA = direct ? null : ArrayPool<T>.Shared.Rent(n);
        T[]? bufB = direct ? null : ArrayPool<T>.Shared.Rent(n);
        try
        {
            while (walker.MoveNext())
            {
                int od = walker.Offset(0), o1 = walker.Offset(1), o2 = walker.Offset(2);
                var d = dst.Slice(od, (n - 1) * sd + 1);
                if (direct)
                {
                    if (s1 == 1 && s2 == 1) ElementwiseLoops.Binary<T, TOp>(sa.Slice(o1, n), sb.Slice(o2, n), d);
                    else if (s1 == 1) ElementwiseLoops.Binary<T, TOp>(sa.Slice(o1, n), sb[o2], d);
                    else if (s2 == 1) ElementwiseLoops.Binary<T, TOp>(sa[o1], sb.Slice(o2, n), d);
                    else d.Fill(TOp.Invoke(sa[o1], sb[o2]));
                    continue;
                }
                var x = bufA!.AsSpan(0, n);
                var y = bufB!.AsSpan(0, n);
                Gather(sa, o1, s1, x);
                Gather(sb, o2, s2, y);
                ElementwiseLoops.Binary<T, TOp>(x, y, x);
                Scatter(x, dst, od, sd);
            }
        }
        finally
        {
            if (bufA != null) ArrayPool<T>.Shared.Return(bufA);
            if (bufB != null) ArrayPool<T>.Shared.Return(bufB);
        }
    }

    /// <summary>destination = op(a, b, c) with all three expanded to the destination's shape.</summary>
    public static void Ternary<T, TOp>(TensorData a, TensorData b, TensorData c, TensorData destination)
        where T : struct where TOp : ITernaryOperator<T>
    {
        if (a.IsContiguous && b.IsContiguous && c.IsContiguous && destination.IsContiguous)
        {
            ElementwiseLoops.Ternary<T, TOp>(a.Span<T>(), b.Span<T>(), c.Span<T>(), destination.Span<T>());
            return;
        }
        // Rare in practice (fused backward kernels see contiguous gradients): materialize, then run.
        var ca = a.Contiguous(); var cb = b.Contiguous(); var cc = c.Contiguous();
        if (destination.IsContiguous)
        {
            ElementwiseLoops.Ternary<T, TOp>(ca.Span<T>(), cb.Span<T>(), cc.Span<T>(), destination.Span<T>());
            return;
        }
        var tmp = TensorData.Uninitialized(destination.DType, destination.Shape);
        ElementwiseLoops.Ternary<T, TOp>(ca.Span<T>(), cb.Span<T>(), cc.Span<T>(), tmp.Span<T>());
        StridedCopy.Copy(tmp, destination);
    }

    private static void Gather<T>(Span<T> source, int offset, int stride, Span<T> run)
    {
        if (stride == 1) { source.Slice(offset, run.Length).CopyTo(run); return; }
        if (stride == 0) { run.Fill(source[offset]); return; }
        for (int i = 0; i < run.Length; i++) run[i] = source[offset + i * stride];
    }

    private static void Scatter<T>(ReadOnlySpan<T> run, Span<T> destination, int offset, int stride)
    {
        if (stride == 1) { run.CopyTo(destination.Slice(offset, run.Length)); return; }
        for (int i = 0; i < run.Length; i++) destination[offset + i * stride] = run[i];
    }
}
