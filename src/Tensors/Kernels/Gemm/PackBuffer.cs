using System.Runtime.InteropServices;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// A 64-byte aligned native scratch block owned by one thread and reused by every call on that
/// thread, so packing never allocates in steady state. It grows to the largest request seen and
/// is freed when its thread ends.
/// </summary>
internal sealed unsafe class PackBuffer
{
    [ThreadStatic] private static PackBuffer? _a, _b, _c;

    private void* _data;
    private nuint _bytes;

    /// <summary>This thread's buffer for packed A panels.</summary>
    public static PackBuffer ForA => _a ??= new PackBuffer();

    /// <summary>This thread's buffer for packed B panels.</summary>
    public static PackBuffer ForB => _b ??= new PackBuffer();

    /// <summary>This thread's buffer for other scratch (im2col columns, edge panels).</summary>
    public static PackBuffer ForScratch => _c ??= new PackBuffer();

    /// <summary>At least <paramref name="count"/> elements of <typeparamref name="T"/>; contents are undefined.</summary>
    public T* Get<T>(nint count) where T : unmanaged
    {
        nuint bytes = (nuint)count * (nuint)sizeof(T);
        if (bytes > _bytes)
        {
            if (_data != null) NativeMemory.AlignedFree(_data);
            _data = null;
            _bytes = 0;
            nuint size = Math.Max(bytes, 64 * 1024);
            _data = NativeMemory.AlignedAlloc(size, 64);
            _bytes = size;
        }
        return (T*)_data;
    }

    ~PackBuffer()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
    }
}
