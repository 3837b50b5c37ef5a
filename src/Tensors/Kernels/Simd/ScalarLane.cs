using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// One <typeparamref name="T"/> as an <see cref="ILane{TSelf, T}"/>: the scalar width. It is the
/// reference path (every vector width must agree with it bit for bit, since the kernels run the
/// very same operation sequence on it) and the path of machines without SIMD.
/// </summary>
/// <remarks>
/// Arithmetic, masks and bits are written for float and double, the element types of the kernels
/// that use them; each typeof test folds away when the JIT specializes T.
/// </remarks>
internal readonly unsafe partial struct ScalarLane<T>(T value) : ILane<ScalarLane<T>, T> where T : struct
{
    public readonly T V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    public static int Count => 1;
    public static bool IsAccelerated => true;
    public static ScalarLane<T> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Create(T value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Constant(double value) => new(LaneWidth.Constant<T>(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> FromBits(long bits) => OfBits(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Load(ref T source, nuint index) => new(Unsafe.Add(ref source, index));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ScalarLane<T> value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Load(void* source) => new(Unsafe.Read<T>(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ScalarLane<T> value, void* destination) => Unsafe.Write(destination, value.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Apply<TOp>(ScalarLane<T> x) where TOp : IUnaryOperator<T> => new(TOp.Invoke(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Apply<TOp>(ScalarLane<T> x, ScalarLane<T> y) where TOp : IBinaryOperator<T> => new(TOp.Invoke(x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Apply<TOp>(ScalarLane<T> x, ScalarLane<T> y, ScalarLane<T> z) where TOp : ITernaryOperator<T> => new(TOp.Invoke(x.V, y.V, z.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Finish<TOp>(ScalarLane<T> x) where TOp : IAggregationOperator<T> => x.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(ScalarLane<T> x) => x.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> KeepFrom(ScalarLane<T> x, int firstKept, ScalarLane<T> fill) => firstKept == 0 ? x : fill;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator +(ScalarLane<T> a, ScalarLane<T> b) => IsFloat ? Of(F(a) + F(b)) : Of(D(a) + D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator -(ScalarLane<T> a, ScalarLane<T> b) => IsFloat ? Of(F(a) - F(b)) : Of(D(a) - D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator *(ScalarLane<T> a, ScalarLane<T> b) => IsFloat ? Of(F(a) * F(b)) : Of(D(a) * D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator /(ScalarLane<T> a, ScalarLane<T> b) => IsFloat ? Of(F(a) / F(b)) : Of(D(a) / D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator -(ScalarLane<T> a) => IsFloat ? Of(-F(a)) : Of(-D(a));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator &(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a) & Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator |(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a) | Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator ^(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a) ^ Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> operator ~(ScalarLane<T> a) => OfBits(~Bits(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> MultiplyAdd(ScalarLane<T> a, ScalarLane<T> b, ScalarLane<T> c) =>
        IsFloat
            ? Of(LaneWidth.UseFma ? MathF.FusedMultiplyAdd(F(a), F(b), F(c)) : F(a) * F(b) + F(c))
            : Of(LaneWidth.UseFma ? Math.FusedMultiplyAdd(D(a), D(b), D(c)) : D(a) * D(b) + D(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Sqrt(ScalarLane<T> a) => IsFloat ? Of(MathF.Sqrt(F(a))) : Of(Math.Sqrt(D(a)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Max(ScalarLane<T> a, ScalarLane<T> b) => IsFloat ? Of(float.Max(F(a), F(b))) : Of(double.Max(D(a), D(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Abs(ScalarLane<T> a) => OfBits(Bits(a) & (IsFloat ? int.MaxValue : long.MaxValue));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Select(ScalarLane<T> mask, ScalarLane<T> a, ScalarLane<T> b) => Bits(mask) != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> LessThan(ScalarLane<T> a, ScalarLane<T> b) => Mask(IsFloat ? F(a) < F(b) : D(a) < D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> LessThanOrEqual(ScalarLane<T> a, ScalarLane<T> b) => Mask(IsFloat ? F(a) <= F(b) : D(a) <= D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> GreaterThan(ScalarLane<T> a, ScalarLane<T> b) => Mask(IsFloat ? F(a) > F(b) : D(a) > D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> Equal(ScalarLane<T> a, ScalarLane<T> b) => Mask(IsFloat ? F(a) == F(b) : D(a) == D(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> IsNaN(ScalarLane<T> a) => Mask(IsFloat ? float.IsNaN(F(a)) : double.IsNaN(D(a)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(ScalarLane<T> mask) => Bits(mask) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> AddBits(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a) + Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> SubtractBits(ScalarLane<T> a, ScalarLane<T> b) => OfBits(Bits(a) - Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> EqualBits(ScalarLane<T> a, ScalarLane<T> b) => Mask(Bits(a) == Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> GreaterThanBits(ScalarLane<T> a, ScalarLane<T> b) => Mask(Bits(a) > Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ScalarLane<T> ShiftLeftBits(ScalarLane<T> a, int count) => OfBits(Bits(a) << count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> ShiftRightLogicalBits(ScalarLane<T> a, int count) =>
        OfBits(IsFloat ? (long)((uint)Bits(a) >> count) : (long)((ulong)Bits(a) >> count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> ApplyScalar<TFunc>(ScalarLane<T> x, ScalarLane<T> mask, ScalarLane<T> computed)
        where TFunc : IScalarFunction<T> => Any(mask) ? new(TFunc.Invoke(x.V)) : computed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static float F(ScalarLane<T> a) => (float)(object)a.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static double D(ScalarLane<T> a) => (double)(object)a.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static ScalarLane<T> Of(float v) => new((T)(object)v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static ScalarLane<T> Of(double v) => new((T)(object)v);

    /// <summary>The lane as a signed integer of its width (int for float, long for double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Bits(ScalarLane<T> a) => IsFloat ? BitConverter.SingleToInt32Bits(F(a)) : BitConverter.DoubleToInt64Bits(D(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ScalarLane<T> OfBits(long b) => IsFloat ? Of(BitConverter.Int32BitsToSingle((int)b)) : Of(BitConverter.Int64BitsToDouble(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ScalarLane<T> Mask(bool b) => OfBits(b ? -1L : 0L);
}
