using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Fused derivative kernels for the autograd layer: each replaces a chain of comparisons, selects
// and multiplies that would otherwise allocate a mask per step.

/// <summary>d|x|: grad * sign(x), with sign(0) = 0 (PyTorch's abs backward).</summary>
public readonly struct AbsBackwardOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T grad, T x) => x > T.Zero ? grad : x < T.Zero ? -grad : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), g,
            Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), -g, Vector128<T>.Zero));
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -g, Vector256<T>.Zero));
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g,
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -g, Vector512<T>.Zero));
}

/// <summary>grad where x &gt;= bound, else 0 (clamp's lower bound; NaN x gets 0, like PyTorch).</summary>
public readonly struct PassAtOrAboveOperator<T> : ITernaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T grad, T x, T bound) => x >= bound ? grad : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, b), g, Vector128<T>.Zero);
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, b), g, Vector256<T>.Zero);
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, b), g, Vector512<T>.Zero);
}

/// <summary>grad where x &lt;= bound, else 0 (clamp's upper bound).</summary>
public readonly struct PassAtOrBelowOperator<T> : ITernaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T grad, T x, T bound) => x <= bound ? grad : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, b), g, Vector128<T>.Zero);
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, b), g, Vector256<T>.Zero);
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, b), g, Vector512<T>.Zero);
}

/// <summary>
/// The share of grad that goes to <c>a</c> when the larger of (a, b) wins: 0 where a &lt; b, half
/// on ties, all of it otherwise (NaN included). PyTorch's maximum/minimum backward split ties evenly.
/// </summary>
public readonly struct WinnerShareOperator<T> : ITernaryOperator<T> where T : struct, INumber<T>
{
    private static readonly T Half = T.One / (T.One + T.One);
    public static T Invoke(T grad, T a, T b) => a < b ? T.Zero : a == b ? grad * Half : grad;
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> a, Vector128<T> b) =>
        Vector128.ConditionalSelect(Vector128.LessThan(a, b), Vector128<T>.Zero, Vector128.ConditionalSelect(Vector128.Equals(a, b), g * Vector128.Create(Half), g));
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> a, Vector256<T> b) =>
        Vector256.ConditionalSelect(Vector256.LessThan(a, b), Vector256<T>.Zero, Vector256.ConditionalSelect(Vector256.Equals(a, b), g * Vector256.Create(Half), g));
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> a, Vector512<T> b) =>
        Vector512.ConditionalSelect(Vector512.LessThan(a, b), Vector512<T>.Zero, Vector512.ConditionalSelect(Vector512.Equals(a, b), g * Vector512.Create(Half), g));
}

/// <summary>d(x^y)/dx: grad * y * x^(y-1), and 0 where y == 0 (PyTorch's pow_backward_self).</summary>
public readonly struct PowBackwardBaseOperator<T> : ITernaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T grad, T x, T y) => y == T.Zero ? T.Zero : grad * (y * T.Pow(x, y - T.One));
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> y) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> y) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> y) => throw new NotSupportedException();
}

/// <summary>
/// d(x^y)/dy: grad * x^y * ln x, masked to 0 where x == 0 and y &gt;= 0 (PyTorch's
/// pow_backward_exponent: the limit there is 0, while ln 0 would give NaN or -inf).
/// </summary>
public readonly struct PowBackwardExponentOperator<T> : ITernaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T grad, T x, T y) => x == T.Zero && y >= T.Zero ? T.Zero : grad * (T.Pow(x, y) * T.Log(x));
    public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> y) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> y) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> y) => throw new NotSupportedException();
}
