using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Piecewise-linear activations; their derivatives are written beside the autograd nodes. NaN
// passes through relu like PyTorch's (relu(NaN) = NaN), which a plain max(x, 0) would not
// guarantee on every ISA.

/// <summary>relu(x) = x &gt; 0 ? x : 0, with NaN kept.</summary>
public readonly struct ReluOperator<T> : IUnaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x) => x > T.Zero || T.IsNaN(x) ? x : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128<T>.Zero), Vector128<T>.Zero, x);
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.Zero, x);
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), Vector512<T>.Zero, x);
}

/// <summary>leaky_relu(x, slope) = x &gt; 0 ? x : x * slope (slope as the second operand).</summary>
public readonly struct LeakyReluOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T slope) => x > T.Zero ? x : x * slope;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> s) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, x * s);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> s) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * s);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> s) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * s);
}
