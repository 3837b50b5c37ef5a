using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// The three vector widths differ only in the Vector type they wrap; C# cannot abstract over
// Vector128/256/512 (the runtime's ISimdVector is internal), so each width is spelled out.

/// <summary>Vector128 lanes for the <see cref="VectorMath"/> algorithms.</summary>
internal readonly struct Lanes128<T>(Vector128<T> value) : ILanes<Lanes128<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    public readonly Vector128<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Create(double value) => new(Vector128.Create(LaneSettings.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> FromBits(long bits) =>
        new(IsFloat ? Vector128.Create((int)bits).As<int, T>() : Vector128.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator +(Lanes128<T> a, Lanes128<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator -(Lanes128<T> a, Lanes128<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator *(Lanes128<T> a, Lanes128<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator /(Lanes128<T> a, Lanes128<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator -(Lanes128<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator &(Lanes128<T> a, Lanes128<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator |(Lanes128<T> a, Lanes128<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator ^(Lanes128<T> a, Lanes128<T> b) => new(a.V ^ b.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> MulAdd(Lanes128<T> a, Lanes128<T> b, Lanes128<T> c) =>
        new(!LaneSettings.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector128.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Abs(Lanes128<T> a) => new(Vector128.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Select(Lanes128<T> mask, Lanes128<T> a, Lanes128<T> b) => new(Vector128.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> LessThan(Lanes128<T> a, Lanes128<T> b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> LessThanOrEqual(Lanes128<T> a, Lanes128<T> b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> GreaterThan(Lanes128<T> a, Lanes128<T> b) => new(Vector128.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Equal(Lanes128<T> a, Lanes128<T> b) => new(Vector128.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> IsNaN(Lanes128<T> a) => new(~Vector128.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Lanes128<T> mask) => Vector128.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> AddBits(Lanes128<T> a, Lanes128<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> SubtractBits(Lanes128<T> a, Lanes128<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> EqualBits(Lanes128<T> a, Lanes128<T> b) =>
        new(IsFloat ? Vector128.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector128.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> ShiftLeftBits(Lanes128<T> a, int count) =>
        new(IsFloat ? Vector128.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector128.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> ShiftRightLogicalBits(Lanes128<T> a, int count) =>
        new(IsFloat ? Vector128.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector128.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lanes128<T> ApplyScalar<TFunc>(Lanes128<T> x, Lanes128<T> mask, Lanes128<T> computed)
        where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        for (int i = 0; i < Vector128<T>.Count; i++)
            if (T.IsNaN(mask.V.GetElement(i))) // a set mask lane reads as NaN
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}

/// <summary>Vector256 lanes for the <see cref="VectorMath"/> algorithms.</summary>
internal readonly struct Lanes256<T>(Vector256<T> value) : ILanes<Lanes256<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    public readonly Vector256<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Create(double value) => new(Vector256.Create(LaneSettings.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> FromBits(long bits) =>
        new(IsFloat ? Vector256.Create((int)bits).As<int, T>() : Vector256.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator +(Lanes256<T> a, Lanes256<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> a, Lanes256<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator *(Lanes256<T> a, Lanes256<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator /(Lanes256<T> a, Lanes256<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator &(Lanes256<T> a, Lanes256<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator |(Lanes256<T> a, Lanes256<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator ^(Lanes256<T> a, Lanes256<T> b) => new(a.V ^ b.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> MulAdd(Lanes256<T> a, Lanes256<T> b, Lanes256<T> c) =>
        new(!LaneSettings.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector256.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Abs(Lanes256<T> a) => new(Vector256.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Select(Lanes256<T> mask, Lanes256<T> a, Lanes256<T> b) => new(Vector256.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> LessThan(Lanes256<T> a, Lanes256<T> b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> LessThanOrEqual(Lanes256<T> a, Lanes256<T> b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> GreaterThan(Lanes256<T> a, Lanes256<T> b) => new(Vector256.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Equal(Lanes256<T> a, Lanes256<T> b) => new(Vector256.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> IsNaN(Lanes256<T> a) => new(~Vector256.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Lanes256<T> mask) => Vector256.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> AddBits(Lanes256<T> a, Lanes256<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> SubtractBits(Lanes256<T> a, Lanes256<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> EqualBits(Lanes256<T> a, Lanes256<T> b) =>
        new(IsFloat ? Vector256.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector256.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> ShiftLeftBits(Lanes256<T> a, int count) =>
        new(IsFloat ? Vector256.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector256.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> ShiftRightLogicalBits(Lanes256<T> a, int count) =>
        new(IsFloat ? Vector256.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector256.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lanes256<T> ApplyScalar<TFunc>(Lanes256<T> x, Lanes256<T> mask, Lanes256<T> computed)
        where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        for (int i = 0; i < Vector256<T>.Count; i++)
            if (T.IsNaN(mask.V.GetElement(i))) // a set mask lane reads as NaN
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}

/// <summary>Vector512 lanes for the <see cref="VectorMath"/> algorithms.</summary>
internal readonly struct Lanes512<T>(Vector512<T> value) : ILanes<Lanes512<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    public readonly Vector512<T> V = value;

    private static bool IsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Create(double value) => new(Vector512.Create(LaneSettings.Constant<T>(value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> FromBits(long bits) =>
        new(IsFloat ? Vector512.Create((int)bits).As<int, T>() : Vector512.Create(bits).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator +(Lanes512<T> a, Lanes512<T> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> a, Lanes512<T> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator *(Lanes512<T> a, Lanes512<T> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator /(Lanes512<T> a, Lanes512<T> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator &(Lanes512<T> a, Lanes512<T> b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator |(Lanes512<T> a, Lanes512<T> b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator ^(Lanes512<T> a, Lanes512<T> b) => new(a.V ^ b.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> MulAdd(Lanes512<T> a, Lanes512<T> b, Lanes512<T> c) =>
        new(!LaneSettings.UseFma ? a.V * b.V + c.V
            : IsFloat ? Vector512.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Abs(Lanes512<T> a) => new(Vector512.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Select(Lanes512<T> mask, Lanes512<T> a, Lanes512<T> b) => new(Vector512.ConditionalSelect(mask.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> LessThan(Lanes512<T> a, Lanes512<T> b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> LessThanOrEqual(Lanes512<T> a, Lanes512<T> b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> GreaterThan(Lanes512<T> a, Lanes512<T> b) => new(Vector512.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Equal(Lanes512<T> a, Lanes512<T> b) => new(Vector512.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> IsNaN(Lanes512<T> a) => new(~Vector512.Equals(a.V, a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Lanes512<T> mask) => Vector512.ExtractMostSignificantBits(mask.V) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> AddBits(Lanes512<T> a, Lanes512<T> b) =>
        new(IsFloat ? (a.V.AsInt32() + b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() + b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> SubtractBits(Lanes512<T> a, Lanes512<T> b) =>
        new(IsFloat ? (a.V.AsInt32() - b.V.AsInt32()).As<int, T>() : (a.V.AsInt64() - b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> EqualBits(Lanes512<T> a, Lanes512<T> b) =>
        new(IsFloat ? Vector512.Equals(a.V.AsInt32(), b.V.AsInt32()).As<int, T>() : Vector512.Equals(a.V.AsInt64(), b.V.AsInt64()).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> ShiftLeftBits(Lanes512<T> a, int count) =>
        new(IsFloat ? Vector512.ShiftLeft(a.V.AsInt32(), count).As<int, T>() : Vector512.ShiftLeft(a.V.AsInt64(), count).As<long, T>());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> ShiftRightLogicalBits(Lanes512<T> a, int count) =>
        new(IsFloat ? Vector512.ShiftRightLogical(a.V.AsInt32(), count).As<int, T>() : Vector512.ShiftRightLogical(a.V.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Lanes512<T> ApplyScalar<TFunc>(Lanes512<T> x, Lanes512<T> mask, Lanes512<T> computed)
        where TFunc : IScalarFunction<T>
    {
        var result = computed.V;
        for (int i = 0; i < Vector512<T>.Count; i++)
            if (T.IsNaN(mask.V.GetElement(i))) // a set mask lane reads as NaN
                result = result.WithElement(i, TFunc.Invoke(x.V.GetElement(i)));
        return new(result);
    }
}

