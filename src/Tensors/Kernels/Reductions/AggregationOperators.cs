using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Aggregation operators for the reduction loops. Invoke combines two partial results (lane by
// lane for vectors); Finish folds one vector of partials into a value in a fixed lane order.

/// <summary>torch.sum: partials add.</summary>
public readonly struct SumOperator<T> : IAggregationOperator<T> where T : struct, INumber<T>
{
    public static T Identity => T.Zero;
    public static T Invoke(T x, T y) => x + y;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
    public static T Finish(Vector128<T> x) => Vector128.Sum(x);
    public static T Finish(Vector256<T> x) => Finish(x.GetLower() + x.GetUpper());
    public static T Finish(Vector512<T> x) => Finish(x.GetLower() + x.GetUpper());
}

/// <summary>
/// torch.amax: NaN propagates (Vector*.Max and T.Max are IEEE 754-2019 maximum since .NET 9), and
/// the identity is -inf for floats, the smallest value for integers.
/// </summary>
public readonly struct AmaxOperator<T> : IAggregationOperator<T> where T : struct, INumber<T>, IMinMaxValue<T>
{
    public static T Identity => NumericLimits<T>.Lowest;
    public static T Invoke(T x, T y) => T.Max(x, y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    public static T Finish(Vector128<T> x)
    {
        T m = x.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Max(m, x.GetElement(i));
        return m;
    }

    public static T Finish(Vector256<T> x) => Finish(Vector128.Max(x.GetLower(), x.GetUpper()));
    public static T Finish(Vector512<T> x) => Finish(Vector256.Max(x.GetLower(), x.GetUpper()));
}

/// <summary>torch.amin: NaN propagates; the identity is +inf for floats, the largest value for integers.</summary>
public readonly struct AminOperator<T> : IAggregationOperator<T> where T : struct, INumber<T>, IMinMaxValue<T>
{
    public static T Identity => NumericLimits<T>.Highest;
    public static T Invoke(T x, T y) => T.Min(x, y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);

    public static T Finish(Vector128<T> x)
    {
        T m = x.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Min(m, x.GetElement(i));
        return m;
    }

    public static T Finish(Vector256<T> x) => Finish(Vector128.Min(x.GetLower(), x.GetUpper()));
    public static T Finish(Vector512<T> x) => Finish(Vector256.Min(x.GetLower(), x.GetUpper()));
}

/// <summary>The ends of a numeric type's range, with infinities for floating point.</summary>
public static class NumericLimits<T> where T : struct, INumber<T>, IMinMaxValue<T>
{
    // typeof tests fold away when the JIT specializes T.
    public static T Lowest =>
        typeof(T) == typeof(float) ? (T)(object)float.NegativeInfinity :
        typeof(T) == typeof(double) ? (T)(object)double.NegativeInfinity :
        T.MinValue;

    public static T Highest =>
        typeof(T) == typeof(float) ? (T)(object)float.PositiveInfinity :
        typeof(T) == typeof(double) ? (T)(object)double.PositiveInfinity :
        T.MaxValue;
}

/// <summary>exp(x - y): the shifted exponential of softmax and logsumexp (exp is vectorized for every width).</summary>
public readonly struct SubtractExpOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => ExpOperator<T>.Invoke(x - y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => ExpOperator<T>.Invoke(x - y);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => ExpOperator<T>.Invoke(x - y);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => ExpOperator<T>.Invoke(x - y);
}
