using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Reduction loop templates over contiguous memory.
/// <para><see cref="Aggregate{T, TOp}"/> folds one run to a value: pairwise splitting down to leaves
/// of <see cref="LeafLength"/> elements, each leaf summed by eight independent vector accumulators
/// and a masked final vector. Every split point and the lane assignment depend on the length only,
/// so a result never depends on the address or alignment of the data.</para>
/// <para><see cref="CombineRows{T, TOp}"/> folds consecutive rows into one row with the elementwise
/// loops, vectorized along the row: the reduction over an outer dim.</para>
/// </summary>
public static class AggregationLoops
{
    /// <summary>Largest run a leaf folds directly; longer runs split in two (error grows with log n, not n).</summary>
    public const int LeafLength = 4096;

    // Split points are multiples of this, so every leaf but the last has whole unrolled blocks
    // at any width (8 accumulators x 16 floats = 128).
    private const int SplitQuantum = 128;

    /// <summary>Rows folded into a partial row before it joins the result, for the same error bound.</summary>
    public const int RowBlock = 64;

    /// <summary>The aggregate of <paramref name="x"/>; <c>TOp.Identity</c> for an empty run.</summary>
    public static T Aggregate<T, TOp>(ReadOnlySpan<T> x)
        where T : struct, INumber<T> where TOp : IAggregationOperator<T>
    {
        if (x.IsEmpty) return TOp.Identity;
        var fold = new Fold<T, TOp>(x);
        LaneWidth.Run<T, Fold<T, TOp>>(ref fold, (nuint)x.Length, TOp.Vectorizable);
        return fold.Result;
    }

    /// <summary>The whole of <see cref="Aggregate{T, TOp}"/> at one lane width.</summary>
    private ref struct Fold<T, TOp>(ReadOnlySpan<T> x) : ILaneKernel<T>
        where T : struct, INumber<T> where TOp : IAggregationOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        public T Result;

        public void Run<TL>() where TL : struct, ILane<TL, T> =>
            Result = Pairwise<T, TL, TOp>(ref MemoryMarshal.GetReference(_x), (nuint)_x.Length);
    }

    private static T Pairwise<T, TL, TOp>(ref T x, nuint n)
        where T : struct, INumber<T> where TL : struct, ILane<TL, T> where TOp : IAggregationOperator<T>
    {
        if (n <= LeafLength) return Leaf<T, TL, TOp>(ref x, n);
        nuint half = n / 2 / SplitQuantum * SplitQuantum;
        T left = Pairwise<T, TL, TOp>(ref x, half);
        T right = Pairwise<T, TL, TOp>(ref Unsafe.Add(ref x, half), n - half);
        return TOp.Invoke(left, right);
    }

    /// <summary>Eight accumulators, then single vectors, then one overlapping vector whose already-counted lanes are masked.</summary>
    private static T Leaf<T, TL, TOp>(ref T x, nuint n)
        where T : struct, INumber<T> where TL : struct, ILane<TL, T> where TOp : IAggregationOperator<T>
    {
        nuint w = (nuint)TL.Count, i = 0;
        TL identity = TL.Create(TOp.Identity);
        TL a0 = identity, a1 = identity, a2 = identity, a3 = identity, a4 = identity, a5 = identity, a6 = identity, a7 = identity;
        if (n >= 8 * w)
        {
            for (nuint end = n - 8 * w; i <= end; i += 8 * w)
            {
                a0 = TL.Apply<TOp>(a0, TL.Load(ref x, i));
                a1 = TL.Apply<TOp>(a1, TL.Load(ref x, i + w));
                a2 = TL.Apply<TOp>(a2, TL.Load(ref x, i + 2 * w));
                a3 = TL.Apply<TOp>(a3, TL.Load(ref x, i + 3 * w));
                a4 = TL.Apply<TOp>(a4, TL.Load(ref x, i + 4 * w));
                a5 = TL.Apply<TOp>(a5, TL.Load(ref x, i + 5 * w));
                a6 = TL.Apply<TOp>(a6, TL.Load(ref x, i + 6 * w));
                a7 = TL.Apply<TOp>(a7, TL.Load(ref x, i + 7 * w));
            }
        }
        for (; i + w <= n; i += w) a0 = TL.Apply<TOp>(a0, TL.Load(ref x, i));
        if (i < n) a1 = TL.Apply<TOp>(a1, TL.KeepFrom(TL.Load(ref x, n - w), (int)(w - (n - i)), identity));
        a0 = TL.Apply<TOp>(TL.Apply<TOp>(a0, a1), TL.Apply<TOp>(a2, a3));
        a4 = TL.Apply<TOp>(TL.Apply<TOp>(a4, a5), TL.Apply<TOp>(a6, a7));
        return TL.Finish<TOp>(TL.Apply<TOp>(a0, a4));
    }

    /// <summary>
    /// destination[j] = aggregate over r of source[r * rowLength + j], for <paramref name="rows"/>
    /// consecutive rows. Rows fold in blocks of <see cref="RowBlock"/> so a long sum stays accurate.
    /// </summary>
    public static void CombineRows<T, TOp>(ReadOnlySpan<T> source, int rows, int rowLength, Span<T> destination)
        where T : struct, INumber<T> where TOp : IAggregationOperator<T>
    {
        if (destination.Length != rowLength || (long)rows * rowLength > source.Length)
            throw new ArgumentException($"CombineRows: {rows} rows of {rowLength} need {(long)rows * rowLength} source and {rowLength} destination elements, got {source.Length} and {destination.Length}");
        if (rows == 0) { destination.Fill(TOp.Identity); return; }
        FoldBlock<T, TOp>(source, 0, Math.Min(rows, RowBlock), rowLength, destination);
        if (rows <= RowBlock) return;
        T[] scratch = ArrayPool<T>.Shared.Rent(rowLength);
        try
        {
            var partial = scratch.AsSpan(0, rowLength);
            for (int start = RowBlock; start < rows; start += RowBlock)
            {
                FoldBlock<T, TOp>(source, start, Math.Min(RowBlock, rows - start), rowLength, partial);
                ElementwiseLoops.Binary<T, TOp>(destination, partial, destination);
            }
        }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }

    private static void FoldBlock<T, TOp>(ReadOnlySpan<T> source, int firstRow, int rows, int rowLength, Span<T> destination)
        where T : struct, INumber<T> where TOp : IAggregationOperator<T>
    {
        source.Slice(firstRow * rowLength, rowLength).CopyTo(destination);
        for (int r = 1; r < rows; r++)
            ElementwiseLoops.Binary<T, TOp>(destination, source.Slice((firstRow + r) * rowLength, rowLength), destination);
    }
}
