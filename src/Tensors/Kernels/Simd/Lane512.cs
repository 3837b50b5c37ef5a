using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// The same members as Lane256 (see the note there), over Vector512.

/// <summary>A Vector512 of <typeparamref name="T"/> as an <see cref="ILane{TSelf, T}"/>.</summary>
internal readonly unsafe partial struct Lane512<T>(Vector512<T> value) : ILane<Lane512<T>, T> where T : struct
{
    public readonly Vector512<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<T>.Count;
    }

    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;
    }

    public static Lane512<T> Zero => new(Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Create(T value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Constant(double value) => new(Vector512.Create(LaneWidth.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> FromBits(long bits) =>
        new(IsFloat ? Vector512.Create((int)bits).As<int, T>() : Vector512.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane512<T> value, ref T destination, nuint index) => value.V.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Load(void* source) => new(Vector512.LoadUnsafe(ref Unsafe.AsRef<T>(source)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lane512<T> value, void* destination) => value.V.StoreUnsafe(ref Unsafe.AsRef<T>(destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Apply<TOp>(Lane512<T> x) where TOp : IUnaryOperator<T> => new(TOp.Invoke(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Apply<TOp>(Lane512<T> x, Lane512<T> y) where TOp : IBinaryOperator<T> => new(TOp.Invoke(x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Apply<TOp>(Lane512<T> x, Lane512<T> y, Lane512<T> z) where TOp : ITernaryOperator<T> => new(TOp.Invoke(x.V, y.V, z.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Finish<TOp>(Lane512<T> x) where TOp : IAggregationOperator<T> => TOp.Finish(x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Lane512<T> x) => Vector512.Sum(x.V);

    /// <remarks>Lane j covers bytes j·size to j·size + size - 1, so comparing byte indices with firstKept·size masks whole lanes, for any T.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> KeepFrom(Lane512<T> x, int firstKept, Lane512<T> fill) =>
        new(Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(firstKept * Unsafe.SizeOf<T>()))).As<byte, T>(), x.V, fill.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator +(Lane512<T> a, Lane512<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator -(Lane512<T> a, Lane512<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator *(Lane512<T> a, Lane512<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator /(Lane512<T> a, Lane512<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator -(Lane512<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator &(Lane512<T> a, Lane512<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator |(Lane512<T> a, Lane512<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator ^(Lane512<T> a, Lane512<T> b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> operator ~(Lane512<T> a) => new(~a.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> MultiplyAdd(Lane512<T> a, Lane512<T> b, Lane512<T> c) =>
        new(!LaneWidth.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector512.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Sqrt(Lane512<T> a) => new(Vector512.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Max(Lane512<T> a, Lane512<T> b) => new(Vector512.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Abs(Lane512<T> a) => new(Vector512.Abs(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Select(Lane512<T> mask, Lane512<T> a, Lane512<T> b) => new(Vector512.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> LessThan(Lane512<T> a, Lane512<T> b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> LessThanOrEqual(Lane512<T> a, Lane512<T> b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> GreaterThan(Lane512<T> a, Lane512<T> b) => new(Vector512.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> Equal(Lane512<T> a, Lane512<T> b) => new(Vector512.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lane512<T> IsNaN(Lane512<T> a) => new(~Vector512.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Lane512<T> mask) => Vector512.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> AddBits(Lane512<T> a, Lane512<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> SubtractBits(Lane512<T> a, Lane512<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> EqualBits(Lane512<T> a, Lane512<T> b) =>
        new(IsFloat ? Vector512.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector512.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> GreaterThanBits(Lane512<T> a, Lane512<T> b) =>
        new(IsFloat ? Vector512.GreaterThan(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector512.GreaterThan(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> ShiftLeftBits(Lane512<T> a, int count) =>
        new(IsFloat ? Vector512.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector512.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> ShiftRightLogicalBits(Lane512<T> a, int count) =>
        new(IsFloat ? Vector512.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector512.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lane512<T> ApplyScalar<TFunc>(Lane512<T> x, Lane512<T> mask, Lane512<T> computed) where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        ulong set = Vector512.ExtractMostSignificantBits(mask.V);
        for (int i = 0; i < Vector512<T>.Count; i++)
            if ((set >> i & 1) != 0)
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}
