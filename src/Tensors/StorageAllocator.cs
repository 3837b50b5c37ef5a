namespace MiniTorch.Tensors;

/// <summary>
/// The single place tensor storage is allocated. Every kernel asks here, so pooling or alignment
/// can change without touching call sites. Outside a <see cref="StorageScope"/> it returns plain
/// GC-owned arrays; inside one it rents from <see cref="StoragePool"/> and the scope owns the result.
/// </summary>
public static class StorageAllocator
{
    /// <summary>Allocates <paramref name="length"/> elements of <paramref name="dtype"/>, zero-filled.</summary>
    public static Storage Allocate(DType dtype, int length) => Allocate(dtype, length, zeroed: true);

    /// <summary>
    /// Allocates storage whose contents the caller overwrites completely. Inside a
    /// <see cref="StorageScope"/> it holds whatever the pooled array held before; outside one it is zeroed today.
    /// </summary>
    public static Storage AllocateUninitialized(DType dtype, int length) => Allocate(dtype, length, zeroed: false);

    /// <summary>Wraps an existing array without copying (used by <c>TensorData.FromArray</c>); never scoped, since the caller owns the array.</summary>
    internal static Storage Wrap<T>(T[] array) => new(array, array.Length, DTypes.Of<T>());

    /// <summary>
    /// Test switch: when set, every uninitialized allocation is filled with garbage (NaN, a bit
    /// pattern for integers, true for bools), scoped or not, so a kernel that reads an element
    /// before writing it fails its tests instead of depending on fresh arrays being zero. The
    /// test assembly turns it on; <c>MINITORCH_POISON_UNINITIALIZED=1</c> turns it on in any process.
    /// </summary>
    internal static bool PoisonUninitialized { get; set; } = Environment.GetEnvironmentVariable("MINITORCH_POISON_UNINITIALIZED") == "1";

    /// <summary>The integer poison: a pattern no index or count computation produces by accident.</summary>
    internal const long Int64Poison = unchecked((long)0xDEADBEEF_DEADBEEFUL);

    private static Storage Allocate(DType dtype, int length, bool zeroed)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "storage length must be non-negative");
        var scope = StorageScope.Current;
        Storage storage;
        if (scope is null || length == 0)
        {
            storage = new Storage(StoragePool.NewArray(dtype, length, zeroed: true), length, dtype);
        }
        else
        {
            var array = StoragePool.Rent(dtype, length, out bool reused);
            if (zeroed) Array.Clear(array);
            storage = new Storage(array, length, dtype);
            scope.Adopt(storage, reused);
        }
        if (!zeroed && PoisonUninitialized) Poison(storage);
        return storage;
    }

    private static void Poison(Storage storage)
    {
        switch (storage.DType)
        {
            case DType.Float32: storage.AsSpan<float>().Fill(float.NaN); break;
            case DType.Float64: storage.AsSpan<double>().Fill(double.NaN); break;
            case DType.Int64: storage.AsSpan<long>().Fill(Int64Poison); break;
            case DType.Bool: storage.AsSpan<bool>().Fill(true); break;
        }
    }
}
