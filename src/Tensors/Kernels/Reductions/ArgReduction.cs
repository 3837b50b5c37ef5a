using System.Numerics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>Which of two values an index-returning reduction prefers; ties keep the earlier one.</summary>
internal interface IArgPreference<T> where T : struct
{
    /// <summary>True when <paramref name="candidate"/> replaces <paramref name="best"/>. NaN beats every number, as in PyTorch.</summary>
    static abstract bool Replaces(T candidate, T best);
}

internal readonly struct PreferLarger<T> : IArgPreference<T> where T : struct, INumber<T>
{
    public static bool Replaces(T candidate, T best) => candidate > best || (T.IsNaN(candidate) && !T.IsNaN(best));
}

internal readonly struct PreferSmaller<T> : IArgPreference<T> where T : struct, INumber<T>
{
    public static bool Replaces(T candidate, T best) => candidate < best || (T.IsNaN(candidate) && !T.IsNaN(best));
}

/// <summary>
/// max/min with indices along one dim of a contiguous tensor viewed as [outer, size, inner].
/// The value written is the element at the chosen index, so values and indices always agree
/// (-0.0 and +0.0 tie, and the first one wins).
/// </summary>
internal static class ArgReduction
{
    public static void Run<T, TOp, TPref>(ReadOnlySpan<T> x, int outer, int size, int inner, Span<T> values, Span<long> indices)
        where T : struct, INumber<T> where TOp : IAggregationOperator<T> where TPref : IArgPreference<T>
    {
        if (size <= 0) throw new ArgumentException($"arg reduction over a dim of size {size}");
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * size, size);
                // The SIMD fold finds the extreme value; one scan finds where it first occurs.
                int at = FirstMatch(row, AggregationLoops.Aggregate<T, TOp>(row));
                values[o] = row[at];
                indices[o] = at;
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var block = x.Slice(o * size * inner, size * inner);
            var best = values.Slice(o * inner, inner);
            var where = indices.Slice(o * inner, inner);
            block[..inner].CopyTo(best);
            where.Clear();
            for (int d = 1; d < size; d++)
            {
                var row = block.Slice(d * inner, inner);
                for (int j = 0; j < row.Length; j++)
                {
                    if (TPref.Replaces(row[j], best[j])) { best[j] = row[j]; where[j] = d; }
                }
            }
        }
    }

    private static int FirstMatch<T>(ReadOnlySpan<T> row, T extreme) where T : struct, INumber<T>
    {
        if (T.IsNaN(extreme))
        {
            for (int i = 0; i < row.Length; i++) if (T.IsNaN(row[i])) return i;
        }
        else
        {
            for (int i = 0; i < row.Length; i++) if (row[i] == extreme) return i;
        }
        throw new InvalidOperationException("the reduced extreme does not occur in its row");
    }
}
