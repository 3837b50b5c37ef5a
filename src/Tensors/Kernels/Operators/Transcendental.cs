using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Floating-point functions. These scalar-only versions are the reference semantics; the
// vectorized polynomial versions replace them operator by operator.

public readonly struct ExpOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Exp(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

public readonly struct LogOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Log(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

public readonly struct TanhOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Tanh(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

public readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

public readonly struct SinOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Sin(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

public readonly struct CosOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.Cos(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
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

/// <summary>silu(x) = x * sigmoid(x).</summary>
public readonly struct SiluOperator<T> : IUnaryOperator<T> where T : struct, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => x / (T.One + T.Exp(-x));
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}
