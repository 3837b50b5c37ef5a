using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Batch norm does its per-element arithmetic in double whatever the element type (as the scalar
// reference does), so a float32 tensor is widened on load and narrowed on store. The lane types
// carry that step for it: a lane of double loads two lanes' worth of elements, one float vector
// of the same width or two double vectors. Conversion is exact one way and rounds once the other,
// so each element's result is the same at every width.

/// <summary>Float32 or float64 memory as lanes of double: two lanes per step.</summary>
internal unsafe interface IWideningLane<TSelf> where TSelf : struct
{
    /// <summary>Reads 2·Count elements of <typeparamref name="TSource"/> (float or double) as two lanes of double.</summary>
    static abstract void LoadWidened<TSource>(TSource* source, out TSelf low, out TSelf high) where TSource : unmanaged;

    /// <summary>Writes two lanes of double as 2·Count elements of <typeparamref name="TDestination"/>, rounding to float when it is float.</summary>
    static abstract void StoreNarrowed<TDestination>(TDestination* destination, TSelf low, TSelf high) where TDestination : unmanaged;
}

internal readonly unsafe partial struct Lane128<T> : IWideningLane<Lane128<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWidened<TSource>(TSource* source, out Lane128<T> low, out Lane128<T> high) where TSource : unmanaged
    {
        if (typeof(TSource) != typeof(float)) { low = Load(source); high = Load(source + Count); return; }
        var (lo, hi) = Vector128.Widen(Vector128.Load((float*)source));
        (low, high) = (new(lo.As<double, T>()), new(hi.As<double, T>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TDestination>(TDestination* destination, Lane128<T> low, Lane128<T> high) where TDestination : unmanaged
    {
        if (typeof(TDestination) != typeof(float)) { Store(low, destination); Store(high, destination + Count); return; }
        Vector128.Narrow(low.V.AsDouble(), high.V.AsDouble()).Store((float*)destination);
    }
}

internal readonly unsafe partial struct Lane256<T> : IWideningLane<Lane256<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWidened<TSource>(TSource* source, out Lane256<T> low, out Lane256<T> high) where TSource : unmanaged
    {
        if (typeof(TSource) != typeof(float)) { low = Load(source); high = Load(source + Count); return; }
        var (lo, hi) = Vector256.Widen(Vector256.Load((float*)source));
        (low, high) = (new(lo.As<double, T>()), new(hi.As<double, T>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TDestination>(TDestination* destination, Lane256<T> low, Lane256<T> high) where TDestination : unmanaged
    {
        if (typeof(TDestination) != typeof(float)) { Store(low, destination); Store(high, destination + Count); return; }
        Vector256.Narrow(low.V.AsDouble(), high.V.AsDouble()).Store((float*)destination);
    }
}

internal readonly unsafe partial struct Lane512<T> : IWideningLane<Lane512<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWidened<TSource>(TSource* source, out Lane512<T> low, out Lane512<T> high) where TSource : unmanaged
    {
        if (typeof(TSource) != typeof(float)) { low = Load(source); high = Load(source + Count); return; }
        var (lo, hi) = Vector512.Widen(Vector512.Load((float*)source));
        (low, high) = (new(lo.As<double, T>()), new(hi.As<double, T>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TDestination>(TDestination* destination, Lane512<T> low, Lane512<T> high) where TDestination : unmanaged
    {
        if (typeof(TDestination) != typeof(float)) { Store(low, destination); Store(high, destination + Count); return; }
        Vector512.Narrow(low.V.AsDouble(), high.V.AsDouble()).Store((float*)destination);
    }
}

internal readonly unsafe partial struct ScalarLane<T> : IWideningLane<ScalarLane<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWidened<TSource>(TSource* source, out ScalarLane<T> low, out ScalarLane<T> high) where TSource : unmanaged
    {
        if (typeof(TSource) != typeof(float)) { low = Load(source); high = Load(source + 1); return; }
        (low, high) = (Of((double)((float*)source)[0]), Of((double)((float*)source)[1]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TDestination>(TDestination* destination, ScalarLane<T> low, ScalarLane<T> high) where TDestination : unmanaged
    {
        if (typeof(TDestination) != typeof(float)) { Store(low, destination); Store(high, destination + 1); return; }
        ((float*)destination)[0] = (float)D(low);
        ((float*)destination)[1] = (float)D(high);
    }
}
