using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels.Convolution;

/// <summary>
/// Inlined copy, zero and add of short contiguous rows (a few dozen elements: one output row of a
/// convolution). A library call per row costs more than the row itself at these lengths.
/// </summary>
internal static unsafe class RowOps<T> where T : unmanaged, INumber<T>
{
    /// <summary>destination[0..n) = source[0..n); the ranges must not overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(T* source, T* destination, int n)
    {
        // Whole vectors, then one last vector ending at n (it may overlap the previous one).
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count, last = n - w;
            for (int i = 0; i < last; i += w) Vector512.Load(source + i).Store(destination + i);
            Vector512.Load(source + last).Store(destination + last);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count, last = n - w;
            for (int i = 0; i < last; i += w) Vector256.Load(source + i).Store(destination + i);
            Vector256.Load(source + last).Store(destination + last);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count, last = n - w;
            for (int i = 0; i < last; i += w) Vector128.Load(source + i).Store(destination + i);
            Vector128.Load(source + last).Store(destination + last);
        }
        else
        {
            for (int i = 0; i < n; i++) destination[i] = source[i];
        }
    }

    /// <summary>destination[0..n) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(T* destination, int n)
    {
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count, last = n - w;
            for (int i = 0; i < last; i += w) Vector256<T>.Zero.Store(destination + i);
            Vector256<T>.Zero.Store(destination + last);
        }
        else
        {
            for (int i = 0; i < n; i++) destination[i] = T.Zero;
        }
    }

    /// <summary>destination[0..n) += source[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(T* source, T* destination, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<T>.Count;
            for (; i <= n - w; i += w) (Vector512.Load(destination + i) + Vector512.Load(source + i)).Store(destination + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            for (; i <= n - w; i += w) (Vector256.Load(destination + i) + Vector256.Load(source + i)).Store(destination + i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            int w = Vector128<T>.Count;
            for (; i <= n - w; i += w) (Vector128.Load(destination + i) + Vector128.Load(source + i)).Store(destination + i);
        }
        for (; i < n; i++) destination[i] += source[i];
    }
}
