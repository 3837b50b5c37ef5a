namespace MiniTorch.Tensors;

/// <summary>Arithmetic on shapes and strides shared by every layout operation.</summary>
public static class ShapeUtil
{
    /// <summary>Row-major (C-order) strides: the last dim moves fastest.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    /// <summary>Number of elements; checked so an absurd shape fails instead of wrapping around.</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"shape {Format(shape)} has a negative dimension");
            n *= s;
            if (n > Array.MaxLength) throw new ArgumentException($"shape {Format(shape)} has more elements than one tensor can hold ({Array.MaxLength})");
        }
        return (int)n;
    }

    /// <summary>PyTorch-style text for a shape: <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Maps a possibly negative dim into [0, rank); the message names the valid range.</summary>
    public static int NormalizeDim(int dim, int rank, string? what = null)
    {
        int r = Math.Max(rank, 1); // a 0-d tensor accepts dim 0 and -1, like PyTorch
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(what ?? "dim", dim,
                $"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>The broadcast shape of two shapes by PyTorch's rules (align right; sizes equal or 1).</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}: shapes {Format(a)} and {Format(b)} cannot be broadcast together");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>
    /// Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as if it had
    /// <paramref name="target"/> shape: new leading dims and size-1 dims get stride 0.
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        if (lead < 0) throw new ArgumentException($"cannot broadcast shape {Format(shape)} to the smaller rank shape {Format(target)}");
        for (int i = 0; i < shape.Length; i++)
        {
            int size = shape[i], want = target[lead + i];
            if (size == want) result[lead + i] = size == 1 ? 0 : strides[i];
            else if (size == 1) result[lead + i] = 0;
            else throw new ArgumentException($"The expanded size of the tensor ({want}) must match the existing size ({size}) at non-singleton dimension {lead + i}.  Target sizes: {Format(target)}.  Tensor sizes: {Format(shape)}");
        }
        return result;
    }

    public static bool SequenceEqual(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
