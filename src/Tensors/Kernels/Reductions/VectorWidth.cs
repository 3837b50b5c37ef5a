using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// One vector width seen through a common face, so a reduction loop is written once and the JIT
/// specializes it per width (every member is a static call on a struct type argument, inlined).
/// <see cref="ScalarWidth{T}"/> is the one-lane case, used when no vector unit is present.
/// </summary>
internal interface IVectorWidth<T, TVec> where T : struct where TVec : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract nuint Count { get; }

    /// <summary>True when this width runs in hardware for <typeparamref name="T"/> and <paramref name="length"/> fills a vector.</summary>
    static abstract bool Fits(nuint length);

    static abstract TVec Load(ref T source, nuint index);
    static abstract TVec Splat(T value);
    static abstract TVec Combine<TOp>(TVec x, TVec y) where TOp : IAggregationOperator<T>;
    static abstract T Finish<TOp>(TVec x) where TOp : IAggregationOperator<T>;

    /// <summary>Lanes below <paramref name="firstKept"/> take <paramref name="fill"/>'s lanes (masks an overlapping tail).</summary>
    static abstract TVec KeepFrom(TVec x, nuint firstKept, TVec fill);
}

internal readonly struct Width512<T> : IVectorWidth<T, Vector512<T>> where T : struct, INumber<T>
{
    public static nuint Count => (nuint)Vector512<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(nuint length) => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && length >= Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Combine<TOp>(Vector512<T> x, Vector512<T> y) where TOp : IAggregationOperator<T> => TOp.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Finish<TOp>(Vector512<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> KeepFrom(Vector512<T> x, nuint firstKept, Vector512<T> fill) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(firstKept))), x, fill);
}

internal readonly struct Width256<T> : IVectorWidth<T, Vector256<T>> where T : struct, INumber<T>
{
    public static nuint Count => (nuint)Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(nuint length) => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && length >= Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Combine<TOp>(Vector256<T> x, Vector256<T> y) where TOp : IAggregationOperator<T> => TOp.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Finish<TOp>(Vector256<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> KeepFrom(Vector256<T> x, nuint firstKept, Vector256<T> fill) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(firstKept))), x, fill);
}

internal readonly struct Width128<T> : IVectorWidth<T, Vector128<T>> where T : struct, INumber<T>
{
    public static nuint Count => (nuint)Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(nuint length) => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && length >= Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Combine<TOp>(Vector128<T> x, Vector128<T> y) where TOp : IAggregationOperator<T> => TOp.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Finish<TOp>(Vector128<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> KeepFrom(Vector128<T> x, nuint firstKept, Vector128<T> fill) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(firstKept))), x, fill);
}

/// <summary>One lane: the scalar Invoke is the whole operator, and no tail ever needs masking.</summary>
internal readonly struct ScalarWidth<T> : IVectorWidth<T, T> where T : struct, INumber<T>
{
    public static nuint Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(nuint length) => length >= 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint index) => Unsafe.Add(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Splat(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Combine<TOp>(T x, T y) where TOp : IAggregationOperator<T> => TOp.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Finish<TOp>(T x) where TOp : IAggregationOperator<T> => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T KeepFrom(T x, nuint firstKept, T fill) => firstKept == 0 ? x : fill;
}
