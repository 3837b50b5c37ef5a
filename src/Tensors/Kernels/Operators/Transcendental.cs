using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Floating-point functions. Each operator names one VectorMath algorithm (Apply) and LaneDispatch
// runs it on ScalarLane for the scalar Invoke (the reference) and on 128/256/512-bit lanes for the
// vector ones, so every width gives the scalar result bit for bit. Accuracy and special values: docs/transcendentals.md.

/// <summary>e^x (special values and accuracy: docs/transcendentals.md).</summary>
public readonly struct ExpOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Exp<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<ExpOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<ExpOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<ExpOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<ExpOperator<T>, T>.Invoke(x);
}

/// <summary>Natural logarithm: log(+-0) = -inf, log(x &lt; 0) = NaN.</summary>
public readonly struct LogOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Log<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<LogOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<LogOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<LogOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<LogOperator<T>, T>.Invoke(x);
}

/// <summary>tanh(x), accurate near 0 and saturating to +-1.</summary>
public readonly struct TanhOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Tanh<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<TanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<TanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<TanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<TanhOperator<T>, T>.Invoke(x);
}

/// <summary>1 / (1 + e^-x), finite and non-overflowing for any x.</summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Sigmoid<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<SigmoidOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<SigmoidOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<SigmoidOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<SigmoidOperator<T>, T>.Invoke(x);
}

/// <summary>sin(x); arguments beyond the vector reduction's range use System.Math.</summary>
public readonly struct SinOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Sin<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<SinOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<SinOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<SinOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<SinOperator<T>, T>.Invoke(x);
}

/// <summary>cos(x); arguments beyond the vector reduction's range use System.Math.</summary>
public readonly struct CosOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Cos<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<CosOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<CosOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<CosOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<CosOperator<T>, T>.Invoke(x);
}

/// <summary>silu(x) = x * sigmoid(x).</summary>
public readonly struct SiluOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Silu<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<SiluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<SiluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<SiluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<SiluOperator<T>, T>.Invoke(x);
}

/// <summary>The error function erf(x).</summary>
public readonly struct ErfOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    static bool ILaneFunction<T>.OutOfLine => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Erf<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<ErfOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<ErfOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<ErfOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<ErfOperator<T>, T>.Invoke(x);
}

/// <summary>gelu(x) = 0.5 x (1 + erf(x / sqrt 2)).</summary>
public readonly struct GeluOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    static bool ILaneFunction<T>.OutOfLine => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.Gelu<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<GeluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<GeluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<GeluOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<GeluOperator<T>, T>.Invoke(x);
}

/// <summary>gelu with approximate = "tanh": 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
public readonly struct GeluTanhOperator<T> : IUnaryOperator<T>, ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction<T>.Apply<TV>(TV x) => VectorMath.GeluTanh<TV, T>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => LaneDispatch<GeluTanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => LaneDispatch<GeluTanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => LaneDispatch<GeluTanhOperator<T>, T>.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => LaneDispatch<GeluTanhOperator<T>, T>.Invoke(x);
}

/// <summary>d gelu (erf form) from the input: grad * (Phi(x) + x phi(x)).</summary>
public readonly struct GeluBackwardOperator<T> : IBinaryOperator<T>, ILaneFunction2<T> where T : struct, IFloatingPointIeee754<T>
{
    static bool ILaneFunction2<T>.OutOfLine => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction2<T>.Apply<TV>(TV grad, TV x) => VectorMath.GeluBackward<TV, T>(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T grad, T x) => LaneDispatch2<GeluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => LaneDispatch2<GeluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => LaneDispatch2<GeluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => LaneDispatch2<GeluBackwardOperator<T>, T>.Invoke(grad, x);
}

/// <summary>d gelu (tanh form) from the input, PyTorch's formula.</summary>
public readonly struct GeluTanhBackwardOperator<T> : IBinaryOperator<T>, ILaneFunction2<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction2<T>.Apply<TV>(TV grad, TV x) => VectorMath.GeluTanhBackward<TV, T>(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T grad, T x) => LaneDispatch2<GeluTanhBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => LaneDispatch2<GeluTanhBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => LaneDispatch2<GeluTanhBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => LaneDispatch2<GeluTanhBackwardOperator<T>, T>.Invoke(grad, x);
}

/// <summary>d silu from the input: grad * s * (1 + x (1 - s)), s = sigmoid(x).</summary>
public readonly struct SiluBackwardOperator<T> : IBinaryOperator<T>, ILaneFunction2<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static TV ILaneFunction2<T>.Apply<TV>(TV grad, TV x) => VectorMath.SiluBackward<TV, T>(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T grad, T x) => LaneDispatch2<SiluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> grad, Vector128<T> x) => LaneDispatch2<SiluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> grad, Vector256<T> x) => LaneDispatch2<SiluBackwardOperator<T>, T>.Invoke(grad, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> grad, Vector512<T> x) => LaneDispatch2<SiluBackwardOperator<T>, T>.Invoke(grad, x);
}

public readonly struct SqrtOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => T.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Sqrt(x);
}

/// <summary>1/sqrt(x), computed exactly as a division (not the approximate rsqrt instruction).</summary>
public readonly struct RsqrtOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => T.One / T.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / Vector128.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / Vector256.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / Vector512.Sqrt(x);
}

public readonly struct ReciprocalOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => T.One / x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / x;
}

/// <summary>x ** y elementwise (scalar exponents arrive as a splatted y).</summary>
public readonly struct PowOperator<T> : IBinaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x, T y) => T.Pow(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => throw new NotSupportedException();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => throw new NotSupportedException();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => throw new NotSupportedException();
}
