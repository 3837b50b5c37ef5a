using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// The same members as Lane256 (see the note there), over Vector128.

/// <summary>A Vector128 of <typeparamref name="T"/> as an <see cref="ILane{TSelf, T}"/>.</summary>
internal readonly unsafe partial struct Lane128<T>(Vector128<T> value) : ILane<Lane128<T>, T> where T : struct
{
    public readonly Vector128<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<T>.Count;
    }

    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;
    }

    public static Lane128<T> Zero => new(Vector128<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Create(T value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Constant(double value) => new(Vector128.Create(LaneWidth.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> FromBits(long bits) =>
        new(IsFloat ? Vector128.Create((int)bits).As<int, T>() : Vector128.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Load(ref T source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane128<T> value, ref T destination, nuint index) => value.V.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Load(void* source) => new(Vector128.LoadUnsafe(ref Unsafe.AsRef<T>(source)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane128<T> value, void* destination) => value.V.StoreUnsafe(ref Unsafe.AsRef<T>(destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Apply<TOp>(Lane128<T> x) where TOp : IUnaryOperator<T> => new(TOp.Invoke(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Apply<TOp>(Lane128<T> x, Lane128<T> y) where TOp : IBinaryOperator<T> => new(TOp.Invoke(x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Apply<TOp>(Lane128<T> x, Lane128<T> y, Lane128<T> z) where TOp : ITernaryOperator<T> => new(TOp.Invoke(x.V, y.V, z.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Finish<TOp>(Lane128<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Lane128<T> x) => Vector128.Sum(x.V);

    /// <remarks>Lane j covers bytes j·size to j·size + size - 1, so comparing byte indices with firstKept·size masks whole lanes, for any T.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> KeepFrom(Lane128<T> x, int firstKept, Lane128<T> fill) =>
        new(Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(Vector128<byte>.Indices, Vector128.Create((byte)(firstKept * Unsafe.SizeOf<T>()))).As<byte, T>(), x.V, fill.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator +(Lane128<T> a, Lane128<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator -(Lane128<T> a, Lane128<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator *(Lane128<T> a, Lane128<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator /(Lane128<T> a, Lane128<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator -(Lane128<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator &(Lane128<T> a, Lane128<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator |(Lane128<T> a, Lane128<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator ^(Lane128<T> a, Lane128<T> b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> operator ~(Lane128<T> a) => new(~a.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> MultiplyAdd(Lane128<T> a, Lane128<T> b, Lane128<T> c) =>
        new(!LaneWidth.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector128.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Sqrt(Lane128<T> a) => new(Vector128.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Max(Lane128<T> a, Lane128<T> b) => new(Vector128.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Abs(Lane128<T> a) => new(Vector128.Abs(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Select(Lane128<T> mask, Lane128<T> a, Lane128<T> b) => new(Vector128.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> LessThan(Lane128<T> a, Lane128<T> b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> LessThanOrEqual(Lane128<T> a, Lane128<T> b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> GreaterThan(Lane128<T> a, Lane128<T> b) => new(Vector128.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> Equal(Lane128<T> a, Lane128<T> b) => new(Vector128.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane128<T> IsNaN(Lane128<T> a) => new(~Vector128.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Lane128<T> mask) => Vector128.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> AddBits(Lane128<T> a, Lane128<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> SubtractBits(Lane128<T> a, Lane128<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> EqualBits(Lane128<T> a, Lane128<T> b) =>
        new(IsFloat ? Vector128.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector128.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> GreaterThanBits(Lane128<T> a, Lane128<T> b) =>
        new(IsFloat ? Vector128.GreaterThan(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector128.GreaterThan(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> ShiftLeftBits(Lane128<T> a, int count) =>
        new(IsFloat ? Vector128.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector128.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> ShiftRightLogicalBits(Lane128<T> a, int count) =>
        new(IsFloat ? Vector128.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector128.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lane128<T> ApplyScalar<TFunc>(Lane128<T> x, Lane128<T> mask, Lane128<T> computed) where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        ulong set = Vector128.ExtractMostSignificantBits(mask.V);
        for (int i = 0; i < Vector128<T>.Count; i++)
            if ((set >> i & 1) != 0)
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}
