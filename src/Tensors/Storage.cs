using System.Runtime.InteropServices;

namespace MiniTorch.Tensors;

/// <summary>
/// A flat, typed block of elements that one or more tensors view. Views (reshape, transpose,
/// slices, detached copies) share the storage and therefore its <see cref="Version"/>.
/// </summary>
public sealed class Storage
{
    private readonly Array _array;

    internal Storage(Array array, int length, DType dtype)
    {
        _array = array;
        Length = length;
        DType = dtype;
    }

    /// <summary>Number of elements (the backing array may be longer when it came from a pool).</summary>
    public int Length { get; }

    public DType DType { get; }

    /// <summary>
    /// Bumped by every in-place write. Autograd records it when it saves a tensor for backward and
    /// raises if it changed, as PyTorch's version counter does.
    /// </summary>
    public int Version { get; private set; }

    public void BumpVersion() => Version++;

    /// <summary>The elements as a span of <typeparamref name="T"/>; the type must match <see cref="DType"/>.</summary>
    public Span<T> AsSpan<T>()
    {
        if (_array is not T[] typed)
            throw new InvalidOperationException($"storage holds {DType.Name()}, not {typeof(T).Name}");
        return new Span<T>(typed, 0, Length);
    }

    /// <summary>A reference to element 0, for kernels that index with <c>Unsafe.Add</c>.</summary>
    internal ref T Reference<T>() => ref MemoryMarshal.GetArrayDataReference((T[])_array);

    internal Array Array => _array;
}
