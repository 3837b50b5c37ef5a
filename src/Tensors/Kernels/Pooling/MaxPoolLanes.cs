using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// The 2x2 max-pool kernel keeps each candidate's flat input index beside its value: a lane of
// float holds either float values or int32 indices (reinterpreted), so one lane type carries both
// and the lane's bits members (AddBits, GreaterThanBits) do the index arithmetic. These are the
// few shuffles it needs on top.

/// <summary>Int32 index lanes carried in float lanes, for max pooling.</summary>
internal unsafe interface IIndexLane<TSelf> where TSelf : struct
{
    /// <summary>Int32 lanes start, start + step, start + 2·step, ...</summary>
    static abstract TSelf Sequence(int start, int step);

    /// <summary>Splits the pairs (2k, 2k+1) of two consecutive vectors into their first and second elements.</summary>
    static abstract void Deinterleave(TSelf low, TSelf high, out TSelf even, out TSelf odd);

    /// <summary>Stores int32 index lanes as int64.</summary>
    static abstract void StoreWidened(TSelf indices, long* destination);
}

internal readonly unsafe partial struct Lane128<T> : IIndexLane<Lane128<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Sequence(int start, int step) => new((Vector128.Create(start) + Vector128<int>.Indices * step).As<int, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Lane128<T> low, Lane128<T> high, out Lane128<T> even, out Lane128<T> odd)
    {
        // Pair k is the k-th 64-bit lane, its first element in the low half (little-endian).
        Vector128<ulong> lo = low.V.AsUInt64(), hi = high.V.AsUInt64();
        even = new(Vector128.Narrow(lo, hi).As<uint, T>());
        odd = new(Vector128.Narrow(lo >>> 32, hi >>> 32).As<uint, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Lane128<T> indices, long* destination)
    {
        var (lo, hi) = Vector128.Widen(indices.V.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector128<long>.Count);
    }
}

internal readonly unsafe partial struct Lane256<T> : IIndexLane<Lane256<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Sequence(int start, int step) => new((Vector256.Create(start) + Vector256<int>.Indices * step).As<int, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Lane256<T> low, Lane256<T> high, out Lane256<T> even, out Lane256<T> odd)
    {
        Vector256<ulong> lo = low.V.AsUInt64(), hi = high.V.AsUInt64();
        even = new(Vector256.Narrow(lo, hi).As<uint, T>());
        odd = new(Vector256.Narrow(lo >>> 32, hi >>> 32).As<uint, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Lane256<T> indices, long* destination)
    {
        var (lo, hi) = Vector256.Widen(indices.V.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector256<long>.Count);
    }
}

internal readonly unsafe partial struct Lane512<T> : IIndexLane<Lane512<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Sequence(int start, int step) => new((Vector512.Create(start) + Vector512<int>.Indices * step).As<int, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Lane512<T> low, Lane512<T> high, out Lane512<T> even, out Lane512<T> odd)
    {
        Vector512<ulong> lo = low.V.AsUInt64(), hi = high.V.AsUInt64();
        even = new(Vector512.Narrow(lo, hi).As<uint, T>());
        odd = new(Vector512.Narrow(lo >>> 32, hi >>> 32).As<uint, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(Lane512<T> indices, long* destination)
    {
        var (lo, hi) = Vector512.Widen(indices.V.AsInt32());
        lo.Store(destination);
        hi.Store(destination + Vector512<long>.Count);
    }
}

/// <summary>One lane: a pair of consecutive one-element vectors is already split.</summary>
internal readonly unsafe partial struct ScalarLane<T> : IIndexLane<ScalarLane<T>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Sequence(int start, int step) => OfBits(start);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ScalarLane<T> low, ScalarLane<T> high, out ScalarLane<T> even, out ScalarLane<T> odd) => (even, odd) = (low, high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened(ScalarLane<T> indices, long* destination) => *destination = (int)Bits(indices);
}
