namespace MiniTorch.Tensors;

/// <summary>
/// The single place tensor storage is allocated. Every kernel asks here, so pooling or alignment
/// can change without touching call sites.
/// </summary>
public static class StorageAllocator
{
    /// <summary>Allocates <paramref name="length"/> elements of <paramref name="dtype"/>, zero-filled.</summary>
    public static Storage Allocate(DType dtype, int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "storage length must be non-negative");
        Array array = dtype switch
        {
            DType.Float32 => new float[length],
            DType.Float64 => new double[length],
            DType.Int64 => new long[length],
            DType.Bool => new bool[length],
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
        return new Storage(array, length, dtype);
    }

    /// <summary>
    /// Allocates storage whose contents the caller overwrites completely. Today it is zeroed like
    /// <see cref="Allocate"/>; a pool may hand out dirty memory here.
    /// </summary>
    public static Storage AllocateUninitialized(DType dtype, int length) => Allocate(dtype, length);

    /// <summary>Wraps an existing array without copying (used by <c>TensorData.FromArray</c>).</summary>
    internal static Storage Wrap<T>(T[] array) => new(array, array.Length, DTypes.Of<T>());
}
