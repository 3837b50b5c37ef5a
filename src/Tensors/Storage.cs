using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace MiniTorch.Tensors;

/// <summary>
/// A flat, typed block of elements that one or more tensors view. Views (reshape, transpose,
/// slices, detached copies) share the storage and therefore its <see cref="Version"/>.
/// </summary>
/// <remarks>
/// A storage allocated inside a <see cref="StorageScope"/> is owned by it: when the scope ends the
/// storage is released (its array goes back to <see cref="StoragePool"/>) and every later access
/// to its elements throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class Storage
{
    private Array? _array;

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

    /// <summary>True once the <see cref="StorageScope"/> that owned this storage has ended; its elements are gone.</summary>
    public bool IsReleased => _array is null;

    /// <summary>True while a <see cref="StorageScope"/> owns this storage (it will be released when that scope ends).</summary>
    public bool IsScoped => Scope != null;

    /// <summary>The scope that will release this storage, or null; maintained by <see cref="StorageScope"/>.</summary>
    internal StorageScope? Scope { get; set; }

    /// <summary>This storage's index in its scope's list, so leaving the scope costs O(1).</summary>
    internal int ScopeSlot { get; set; }

    /// <summary>The elements as a span of <typeparamref name="T"/>; the type must match <see cref="DType"/>.</summary>
    public Span<T> AsSpan<T>()
    {
        var array = _array ?? ThrowReleased();
        if (array is not T[] typed)
            throw new InvalidOperationException($"storage holds {DType.Name()}, not {typeof(T).Name}");
        return new Span<T>(typed, 0, Length);
    }

    /// <summary>A reference to element 0, for kernels that index with <c>Unsafe.Add</c>.</summary>
    internal ref T Reference<T>() => ref MemoryMarshal.GetArrayDataReference((T[])(_array ?? ThrowReleased()));

    internal Array Array => _array ?? ThrowReleased();

    /// <summary>Drops the array (every later access throws) and hands it to the caller, who returns it to the pool.</summary>
    internal Array? Release()
    {
        var array = _array;
        _array = null;
        Scope = null;
        return array;
    }

    /// <summary>Throws the error for any use of a released storage.</summary>
    [DoesNotReturn]
    internal Array ThrowReleased() => throw new InvalidOperationException(
        $"storage of {Length} {DType.Name()} elements was released when its StorageScope ended; " +
        "keep it with StorageScope.Keep / Tensor.MoveToOuterScope (or DetachFromScope), or copy it before the scope ends");
}
