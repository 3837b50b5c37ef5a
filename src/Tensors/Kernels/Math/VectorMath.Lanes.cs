using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// The handful of lane-wise operations the transcendental kernels are written in. Each function
/// in <see cref="VectorMath"/> is written once against this interface and instantiated for
/// <see cref="Lanes128{T}"/>, <see cref="Lanes256{T}"/>, <see cref="Lanes512{T}"/> and
/// <see cref="ScalarLane{T}"/>; the JIT specializes each struct instantiation, so a width pays
/// nothing for the abstraction, and the scalar reference runs the very same operation sequence
/// as every vector lane (hence the bit-for-bit agreement the tests demand).
/// </summary>
/// <remarks>
/// Masks are values of the lane type with all bits set (true) or clear (false). "Bits" operations
/// treat each lane as the signed integer of the same width (int for float, long for double).
/// </remarks>
internal interface ILanes<TSelf, T>
    where TSelf : struct, ILanes<TSelf, T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Every lane set to <paramref name="value"/> rounded to T.</summary>
    static abstract TSelf Create(double value);
    /// <summary>Every lane set to the bit pattern <paramref name="bits"/> (truncated to the lane width).</summary>
    static abstract TSelf FromBits(long bits);

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a);
    static abstract TSelf operator &(TSelf a, TSelf b);
    static abstract TSelf operator |(TSelf a, TSelf b);
    static abstract TSelf operator ^(TSelf a, TSelf b);

    /// <summary>a * b + c, fused where the hardware has FMA (decided once per process).</summary>
    static abstract TSelf MulAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Abs(TSelf a);
    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);
    static abstract TSelf LessThan(TSelf a, TSelf b);
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);
    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    static abstract TSelf Equal(TSelf a, TSelf b);
    static abstract TSelf IsNaN(TSelf a);
    /// <summary>True when any lane of the mask is set (used to skip rare slow paths).</summary>
    static abstract bool Any(TSelf mask);

    static abstract TSelf AddBits(TSelf a, TSelf b);
    static abstract TSelf SubtractBits(TSelf a, TSelf b);
    static abstract TSelf EqualBits(TSelf a, TSelf b);
    static abstract TSelf ShiftLeftBits(TSelf a, int count);
    static abstract TSelf ShiftRightLogicalBits(TSelf a, int count);

    /// <summary>Lanes where <paramref name="mask"/> is set get <typeparamref name="TFunc"/> applied one at a time.</summary>
    static abstract TSelf ApplyScalar<TFunc>(TSelf x, TSelf mask, TSelf computed) where TFunc : IScalarFunction<T>;
}

/// <summary>A scalar fallback for lanes a vector algorithm does not cover (huge sin/cos arguments).</summary>
internal interface IScalarFunction<T>
{
    static abstract T Invoke(T x);
}

/// <summary>Process-wide choices the lane types share.</summary>
internal static class LaneSettings
{
    /// <summary>
    /// FMA is used exactly when the hardware has it, for the scalar and every vector width alike,
    /// so all widths round identically. Without it (old x86, DOTNET_EnableAVX2=0) a multiply and
    /// an add are used everywhere rather than a slow software FMA.
    /// </summary>
    public static bool UseFma
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Constant<T>(double value) where T : struct =>
        typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;
}

/// <summary>One float or double in the lane interface: the scalar reference path.</summary>
internal readonly struct ScalarLane<T>(T value) : ILanes<ScalarLane<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    public readonly T V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Bits(T v) => IsFloat ? BitConverter.SingleToInt32Bits((float)(object)v) : BitConverter.DoubleToInt64Bits((double)(object)v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ScalarLane<T> OfBits(long b) =>
        new(IsFloat ? (T)(object)BitConverter.Int32BitsToSingle((int)b) : (T)(object)BitConverter.Int64BitsToDouble(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ScalarLane<T> Mask(bool b) => OfBits(b ? -1L : 0L);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Create(double value) => new(LaneSettings.Constant<T>(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> FromBits(long bits) => OfBits(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator +(ScalarLane<T> a, ScalarLane<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator -(ScalarLane<T> a, ScalarLane<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator *(ScalarLane<T> a, ScalarLane<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator /(ScalarLane<T> a, ScalarLane<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator -(ScalarLane<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator &(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a.V) & Bits(b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator |(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a.V) | Bits(b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator ^(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a.V) ^ Bits(b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> MulAdd(ScalarLane<T> a, ScalarLane<T> b, ScalarLane<T> c) =>
        new(LaneSettings.UseFma ? T.FusedMultiplyAdd(a.V, b.V, c.V) : a.V * b.V + c.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Abs(ScalarLane<T> a) => OfBits(Bits(a.V) & (IsFloat ? int.MaxValue : long.MaxValue));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Select(ScalarLane<T> mask, ScalarLane<T> a, ScalarLane<T> b) => Bits(mask.V) != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> LessThan(ScalarLane<T> a, ScalarLane<T> b) => Mask(a.V < b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> LessThanOrEqual(ScalarLane<T> a, ScalarLane<T> b) => Mask(a.V <= b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> GreaterThan(ScalarLane<T> a, ScalarLane<T> b) => Mask(a.V > b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Equal(ScalarLane<T> a, ScalarLane<T> b) => Mask(a.V == b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> IsNaN(ScalarLane<T> a) => Mask(T.IsNaN(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(ScalarLane<T> mask) => Bits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> AddBits(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a.V) + Bits(b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> SubtractBits(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a.V) - Bits(b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> EqualBits(ScalarLane<T> a, ScalarLane<T> b) => Mask(Bits(a.V) == Bits(b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> ShiftLeftBits(ScalarLane<T> a, int count) => OfBits(Bits(a.V) << count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> ShiftRightLogicalBits(ScalarLane<T> a, int count) =>
        OfBits(IsFloat ? (long)((uint)Bits(a.V) >> count) : (long)((ulong)Bits(a.V) >> count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> ApplyScalar<TFunc>(ScalarLane<T> x, ScalarLane<T> mask, ScalarLane<T> computed)
        where TFunc : IScalarFunction<T> => Any(mask) ? new(TFunc.Invoke(x.V)) : computed;
}
