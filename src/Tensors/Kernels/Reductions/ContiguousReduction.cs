using System.Buffers;
using System.Numerics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Reduces a contiguous tensor over any set of dims. Adjacent dims of the same kind (kept or
/// reduced) merge into groups, leaving an alternating list such as [K0, R0, K1, R1]. Each pass
/// removes the innermost reduced group: when it is innermost, every run folds with
/// <see cref="AggregationLoops.Aggregate{T, TOp}"/>; when kept dims lie inside it, whole rows fold
/// with <see cref="AggregationLoops.CombineRows{T, TOp}"/>. The common cases (all dims, last dims,
/// leading dims) take one pass.
/// </summary>
internal static class ContiguousReduction
{
    /// <summary>
    /// <paramref name="output"/> (the kept dims in order, contiguous) receives the reduction of
    /// <paramref name="input"/> (contiguous, <paramref name="shape"/>) over the dims where
    /// <paramref name="reduced"/> is true. Empty reductions give <c>TOp.Identity</c>.
    /// </summary>
    public static void Reduce<T, TOp>(ReadOnlySpan<T> input, ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced, Span<T> output)
        where T : struct, INumber<T> where TOp : IAggregationOperator<T>
    {
        if (input.Length == 0) { output.Fill(TOp.Identity); return; }
        var groups = Groups(shape, reduced);
        int passes = groups.Count(g => g.Reduced);
        if (passes == 0) { input.CopyTo(output); return; }

        ReadOnlySpan<T> current = input;
        T[]? held = null;
        try
        {
            for (int pass = 1; pass <= passes; pass++)
            {
                var last = groups[^1];
                int outCount = last.Reduced ? current.Length / last.Size : current.Length / groups[^2].Size;
                T[]? next = pass == passes ? null : ArrayPool<T>.Shared.Rent(outCount);
                Span<T> destination = next == null ? output : next.AsSpan(0, outCount);
                if (last.Reduced)
                {
                    int run = last.Size;
                    for (int o = 0; o < outCount; o++)
                        destination[o] = AggregationLoops.Aggregate<T, TOp>(current.Slice(o * run, run));
                    groups.RemoveAt(groups.Count - 1);
                }
                else
                {
                    int rows = groups[^2].Size, row = last.Size, block = rows * row;
                    for (int p = 0, count = current.Length / block; p < count; p++)
                        AggregationLoops.CombineRows<T, TOp>(current.Slice(p * block, block), rows, row, destination.Slice(p * row, row));
                    groups.RemoveAt(groups.Count - 2);
                    if (groups.Count >= 2 && !groups[^2].Reduced)
                    {
                        groups[^2] = new Group(groups[^2].Size * last.Size, false);
                        groups.RemoveAt(groups.Count - 1);
                    }
                }
                if (held != null) ArrayPool<T>.Shared.Return(held);
                held = next;
                current = destination;
            }
        }
        finally { if (held != null) ArrayPool<T>.Shared.Return(held); }
    }

    private readonly record struct Group(int Size, bool Reduced);

    /// <summary>Drops size-1 dims (they move nothing) and merges neighbours of the same kind.</summary>
    private static List<Group> Groups(ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced)
    {
        var groups = new List<Group>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            if (groups.Count > 0 && groups[^1].Reduced == reduced[d])
                groups[^1] = new Group(groups[^1].Size * shape[d], reduced[d]);
            else
                groups.Add(new Group(shape[d], reduced[d]));
        }
        return groups;
    }
}
