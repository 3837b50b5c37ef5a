using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels.Pooling;

/// <summary>
/// The float32 vector operations of the 2x2 max-pool kernel at one width. A vector holds either
/// float values or int32 pixel indices (reinterpreted), so one type carries both.
/// </summary>
internal unsafe interface IMaxPoolLanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Load(void* source);
    static abstract void Store(TV value, void* destination);

    /// <summary>Int32 lanes start, start + step, start + 2·step, ...</summary>
    static abstract TV Sequence(int start, int step);

    static abstract TV AddInt(TV indices, int value);

    /// <summary>
    /// The window maximum of two candidates (value, index) under PyTorch's rule, in any grouping:
    /// a NaN beats any number and the NaN with the larger index wins; otherwise the larger value
    /// wins and equal values keep the smaller index (the first one visited).
    /// </summary>
    static abstract void Combine(ref TV value, ref TV index, TV otherValue, TV otherIndex);

    /// <summary>Splits the pairs (2k, 2k+1) of two consecutive vectors into their first and second elements.</summary>
    static abstract void Deinterleave(TV low, TV high, out TV even, out TV odd);

    /// <summary>Stores int32 index lanes as int64.</summary>
    static abstract void StoreWidened(TV indices, long* destination);
}

internal readonly unsafe struct MaxPoolLanes128 : IMaxPoolLanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(void* source) => Vector128.Load((float*)source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, void* destination) => value.Store((float*)destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sequence(int start, int step) => (Vector128.Create(start) + Vector128<int>.Indices * step).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddInt(Vector128<float> indices, int value) => (indices.AsInt32() + Vector128.Create(value)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Combine(ref Vector128<float> value, ref Vector128<float> index, Vector128<float> otherValue, Vector128<float> otherIndex)
    {
        var aNumber = Vector128.Equals(value, value);
        var bNaN = ~Vector128.Equals(otherValue, otherValue);
        var later = Vector128.GreaterThan(otherIndex.AsInt32(), index.AsInt32()).AsSingle();
        var bigger = Vector128.GreaterThan(otherValue, value) | Vector128.AndNot(Vector128.Equals(otherValue, value), later);
        var take = (bNaN & (aNumber | later)) | Vector128.AndNot(aNumber & bigger, bNaN);
        value = Vector128.ConditionalSelect(take, otherValue, value);
        index = Vector128.ConditionalSelect(take, otherIndex, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector128<float> low, Vector128<float> high, out Vector128<float> even, out Vector128<float> odd)
    {
        // Pair k is the k-th 64-bit lane, its first element in the low half (little-endian).
        Vector128<ulong> lo = low.AsUInt64(), hi = high.AsUInt64();
        even = Vector128.Narrow(lo, hi).AsSingle();
        odd = Vector128.Narrow(lo >>> 32, hi >>> 32).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Vector128<float> indices, long* destination)
    {
        var (lo, hi) = Vector128.Widen(indices.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector128<long>.Count);
    }
}

internal readonly unsafe struct MaxPoolLanes256 : IMaxPoolLanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(void* source) => Vector256.Load((float*)source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, void* destination) => value.Store((float*)destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sequence(int start, int step) => (Vector256.Create(start) + Vector256<int>.Indices * step).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AddInt(Vector256<float> indices, int value) => (indices.AsInt32() + Vector256.Create(value)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Combine(ref Vector256<float> value, ref Vector256<float> index, Vector256<float> otherValue, Vector256<float> otherIndex)
    {
        var aNumber = Vector256.Equals(value, value);
        var bNaN = ~Vector256.Equals(otherValue, otherValue);
        var later = Vector256.GreaterThan(otherIndex.AsInt32(), index.AsInt32()).AsSingle();
        var bigger = Vector256.GreaterThan(otherValue, value) | Vector256.AndNot(Vector256.Equals(otherValue, value), later);
        var take = (bNaN & (aNumber | later)) | Vector256.AndNot(aNumber & bigger, bNaN);
        value = Vector256.ConditionalSelect(take, otherValue, value);
        index = Vector256.ConditionalSelect(take, otherIndex, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector256<float> low, Vector256<float> high, out Vector256<float> even, out Vector256<float> odd)
    {
        Vector256<ulong> lo = low.AsUInt64(), hi = high.AsUInt64();
        even = Vector256.Narrow(lo, hi).AsSingle();
        odd = Vector256.Narrow(lo >>> 32, hi >>> 32).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Vector256<float> indices, long* destination)
    {
        var (lo, hi) = Vector256.Widen(indices.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector256<long>.Count);
    }
}

internal readonly unsafe struct MaxPoolLanes512 : IMaxPoolLanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(void* source) => Vector512.Load((float*)source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, void* destination) => value.Store((float*)destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sequence(int start, int step) => (Vector512.Create(start) + Vector512<int>.Indices * step).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AddInt(Vector512<float> indices, int value) => (indices.AsInt32() + Vector512.Create(value)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Combine(ref Vector512<float> value, ref Vector512<float> index, Vector512<float> otherValue, Vector512<float> otherIndex)
    {
        var aNumber = Vector512.Equals(value, value);
        var bNaN = ~Vector512.Equals(otherValue, otherValue);
        var later = Vector512.GreaterThan(otherIndex.AsInt32(), index.AsInt32()).AsSingle();
        var bigger = Vector512.GreaterThan(otherValue, value) | Vector512.AndNot(Vector512.Equals(otherValue, value), later);
        var take = (bNaN & (aNumber | later)) | Vector512.AndNot(aNumber & bigger, bNaN);
        value = Vector512.ConditionalSelect(take, otherValue, value);
        index = Vector512.ConditionalSelect(take, otherIndex, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector512<float> low, Vector512<float> high, out Vector512<float> even, out Vector512<float> odd)
    {
        Vector512<ulong> lo = low.AsUInt64(), hi = high.AsUInt64();
        even = Vector512.Narrow(lo, hi).AsSingle();
        odd = Vector512.Narrow(lo >>> 32, hi >>> 32).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Vector512<float> indices, long* destination)
    {
        var (lo, hi) = Vector512.Widen(indices.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector512<long>.Count);
    }
}
