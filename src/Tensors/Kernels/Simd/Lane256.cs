using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Lane128, Lane256 and Lane512 differ only in the Vector type they wrap: C# cannot abstract over
// Vector128/256/512 (the runtime's ISimdVector is internal), so each width is spelled out once here.

/// <summary>A Vector256 of <typeparamref name="T"/> as an <see cref="ILane{TSelf, T}"/>.</summary>
internal readonly unsafe partial struct Lane256<T>(Vector256<T> value) : ILane<Lane256<T>, T> where T : struct
{
    public readonly Vector256<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<T>.Count;
    }

    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;
    }

    public static Lane256<T> Zero => new(Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Create(T value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Constant(double value) => new(Vector256.Create(LaneWidth.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> FromBits(long bits) =>
        new(IsFloat ? Vector256.Create((int)bits).As<int, T>() : Vector256.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane256<T> value, ref T destination, nuint index) => value.V.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Load(void* source) => new(Vector256.LoadUnsafe(ref Unsafe.AsRef<T>(source)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane256<T> value, void* destination) => value.V.StoreUnsafe(ref Unsafe.AsRef<T>(destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Apply<TOp>(Lane256<T> x) where TOp : IUnaryOperator<T> => new(TOp.Invoke(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Apply<TOp>(Lane256<T> x, Lane256<T> y) where TOp : IBinaryOperator<T> => new(TOp.Invoke(x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Apply<TOp>(Lane256<T> x, Lane256<T> y, Lane256<T> z) where TOp : ITernaryOperator<T> => new(TOp.Invoke(x.V, y.V, z.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Finish<TOp>(Lane256<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Lane256<T> x) => Vector256.Sum(x.V);

    /// <remarks>Lane j covers bytes j·size to j·size + size - 1, so comparing byte indices with firstKept·size masks whole lanes, for any T.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> KeepFrom(Lane256<T> x, int firstKept, Lane256<T> fill) =>
        new(Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)(firstKept * Unsafe.SizeOf<T>()))).As<byte, T>(), x.V, fill.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator +(Lane256<T> a, Lane256<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator -(Lane256<T> a, Lane256<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator *(Lane256<T> a, Lane256<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator /(Lane256<T> a, Lane256<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator -(Lane256<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator &(Lane256<T> a, Lane256<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator |(Lane256<T> a, Lane256<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator ^(Lane256<T> a, Lane256<T> b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> operator ~(Lane256<T> a) => new(~a.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> MultiplyAdd(Lane256<T> a, Lane256<T> b, Lane256<T> c) =>
        new(!LaneWidth.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector256.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Sqrt(Lane256<T> a) => new(Vector256.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Max(Lane256<T> a, Lane256<T> b) => new(Vector256.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Abs(Lane256<T> a) => new(Vector256.Abs(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Select(Lane256<T> mask, Lane256<T> a, Lane256<T> b) => new(Vector256.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> LessThan(Lane256<T> a, Lane256<T> b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> LessThanOrEqual(Lane256<T> a, Lane256<T> b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> GreaterThan(Lane256<T> a, Lane256<T> b) => new(Vector256.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> Equal(Lane256<T> a, Lane256<T> b) => new(Vector256.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane256<T> IsNaN(Lane256<T> a) => new(~Vector256.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Lane256<T> mask) => Vector256.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> AddBits(Lane256<T> a, Lane256<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> SubtractBits(Lane256<T> a, Lane256<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> EqualBits(Lane256<T> a, Lane256<T> b) =>
        new(IsFloat ? Vector256.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector256.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> GreaterThanBits(Lane256<T> a, Lane256<T> b) =>
        new(IsFloat ? Vector256.GreaterThan(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector256.GreaterThan(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> ShiftLeftBits(Lane256<T> a, int count) =>
        new(IsFloat ? Vector256.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector256.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> ShiftRightLogicalBits(Lane256<T> a, int count) =>
        new(IsFloat ? Vector256.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector256.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lane256<T> ApplyScalar<TFunc>(Lane256<T> x, Lane256<T> mask, Lane256<T> computed) where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        ulong set = Vector256.ExtractMostSignificantBits(mask.V);
        for (int i = 0; i < Vector256<T>.Count; i++)
            if ((set >> i & 1) != 0)
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}
