using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Floating-point functions. Each operator runs one VectorMath algorithm: the scalar Invoke on
// ScalarLane (the reference), the vector ones on 128/256/512-bit lanes, so every width gives the
// scalar result bit for bit. Accuracy and special values: docs/transcendentals.md.

/// <summary>e^x (special values and accuracy: docs/transcendentals.md).</summary>
public readonly struct ExpOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Exp<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Exp<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Exp<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Exp<Lanes512<T>, T>(new(x)).V;
}

/// <summary>Natural logarithm: log(+-0) = -inf, log(x &lt; 0) = NaN.</summary>
public readonly struct LogOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Log<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Log<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Log<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Log<Lanes512<T>, T>(new(x)).V;
}

/// <summary>tanh(x), accurate near 0 and saturating to +-1.</summary>
public readonly struct TanhOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Tanh<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Tanh<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Tanh<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Tanh<Lanes512<T>, T>(new(x)).V;
}

/// <summary>1 / (1 + e^-x), finite and non-overflowing for any x.</summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Sigmoid<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Sigmoid<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Sigmoid<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Sigmoid<Lanes512<T>, T>(new(x)).V;
}

/// <summary>sin(x); arguments beyond the vector reduction's range use System.Math.</summary>
public readonly struct SinOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Sin<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Sin<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Sin<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Sin<Lanes512<T>, T>(new(x)).V;
}

/// <summary>cos(x); arguments beyond the vector reduction's range use System.Math.</summary>
public readonly struct CosOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Cos<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Cos<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Cos<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Cos<Lanes512<T>, T>(new(x)).V;
}

/// <summary>silu(x) = x * sigmoid(x).</summary>
public readonly struct SiluOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Silu<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Silu<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Silu<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Silu<Lanes512<T>, T>(new(x)).V;
}

/// <summary>The error function erf(x).</summary>
public readonly struct ErfOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Erf<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Erf<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Erf<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Erf<Lanes512<T>, T>(new(x)).V;
}

/// <summary>gelu(x) = 0.5 x (1 + erf(x / sqrt 2)).</summary>
public readonly struct GeluOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.Gelu<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.Gelu<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.Gelu<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.Gelu<Lanes512<T>, T>(new(x)).V;
}

/// <summary>gelu with approximate = "tanh": 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
public readonly struct GeluTanhOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => VectorMath.GeluTanh<ScalarLane<T>, T>(new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> x) => VectorMath.GeluTanh<Lanes128<T>, T>(new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> x) => VectorMath.GeluTanh<Lanes256<T>, T>(new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> x) => VectorMath.GeluTanh<Lanes512<T>, T>(new(x)).V;
}

/// <summary>d gelu (erf form) from the input: grad * (Phi(x) + x phi(x)).</summary>
public readonly struct GeluBackwardOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T grad, T x) => VectorMath.GeluBackward<ScalarLane<T>, T>(new(grad), new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => VectorMath.GeluBackward<Lanes128<T>, T>(new(grad), new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => VectorMath.GeluBackward<Lanes256<T>, T>(new(grad), new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => VectorMath.GeluBackward<Lanes512<T>, T>(new(grad), new(x)).V;
}

/// <summary>d gelu (tanh form) from the input, PyTorch's formula.</summary>
public readonly struct GeluTanhBackwardOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T grad, T x) => VectorMath.GeluTanhBackward<ScalarLane<T>, T>(new(grad), new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => VectorMath.GeluTanhBackward<Lanes128<T>, T>(new(grad), new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => VectorMath.GeluTanhBackward<Lanes256<T>, T>(new(grad), new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => VectorMath.GeluTanhBackward<Lanes512<T>, T>(new(grad), new(x)).V;
}

/// <summary>d silu from the input: grad * s * (1 + x (1 - s)), s = sigmoid(x).</summary>
public readonly struct SiluBackwardOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T grad, T x) => VectorMath.SiluBackward<ScalarLane<T>, T>(new(grad), new(x)).V;
    public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => VectorMath.SiluBackward<Lanes128<T>, T>(new(grad), new(x)).V;
    public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => VectorMath.SiluBackward<Lanes256<T>, T>(new(grad), new(x)).V;
    public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => VectorMath.SiluBackward<Lanes512<T>, T>(new(grad), new(x)).V;
}

public readonly struct SqrtOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.Sqrt(x);
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Sqrt(x);
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Sqrt(x);
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Sqrt(x);
}

/// <summary>1/sqrt(x), computed exactly as a division (not the approximate rsqrt instruction).</summary>
public readonly struct RsqrtOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / T.Sqrt(x);
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / Vector128.Sqrt(x);
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / Vector256.Sqrt(x);
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / Vector512.Sqrt(x);
}

public readonly struct ReciprocalOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / x;
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / x;
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / x;
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / x;
}

/// <summary>x ** y elementwise (scalar exponents arrive as a splatted y).</summary>
public readonly struct PowOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x, T y) => T.Pow(x, y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => throw new NotSupportedException();
}
