using System.Numerics;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// Arithmetic shared by every numeric dtype. Vector128/256/512 operators map to SSE/AVX/AVX-512
// on x86 and NEON on Arm.

public readonly struct AddOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y) => x + y;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
}

public readonly struct SubtractOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y) => x - y;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x - y;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x - y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x - y;
}

public readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y) => x * y;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x * y;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x * y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x * y;
}

/// <summary>Division; for int64 it is true division only after promotion, so the API restricts it to floats.</summary>
public readonly struct DivideOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static bool Vectorizable => typeof(T) != typeof(long); // no integer vector division
    public static T Invoke(T x, T y) => x / y;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x / y;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x / y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x / y;
}

/// <summary>torch.maximum: NaN propagates, like Vector128.Max and T.Max.</summary>
public readonly struct MaximumOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y) => T.Max(x, y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);
}

/// <summary>torch.minimum: NaN propagates.</summary>
public readonly struct MinimumOperator<T> : IBinaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y) => T.Min(x, y);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);
}

public readonly struct NegateOperator<T> : IUnaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x) => -x;
    public static Vector128<T> Invoke(Vector128<T> x) => -x;
    public static Vector256<T> Invoke(Vector256<T> x) => -x;
    public static Vector512<T> Invoke(Vector512<T> x) => -x;
}

/// <summary>|x|; int64's minimum wraps to itself like every vector Abs and PyTorch (T.Abs would throw).</summary>
public readonly struct AbsOperator<T> : IUnaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x) => T.IsNegative(x) ? -x : x;
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Abs(x);
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Abs(x);
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Abs(x);
}

public readonly struct SquareOperator<T> : IUnaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x) => x * x;
    public static Vector128<T> Invoke(Vector128<T> x) => x * x;
    public static Vector256<T> Invoke(Vector256<T> x) => x * x;
    public static Vector512<T> Invoke(Vector512<T> x) => x * x;
}

/// <summary>Copies x; used to fill a destination through the strided machinery.</summary>
public readonly struct IdentityOperator<T> : IUnaryOperator<T> where T : struct
{
    public static T Invoke(T x) => x;
    public static Vector128<T> Invoke(Vector128<T> x) => x;
    public static Vector256<T> Invoke(Vector256<T> x) => x;
    public static Vector512<T> Invoke(Vector512<T> x) => x;
}

/// <summary>x * y + z, fused where the hardware has FMA (used by optimizers and lerp).</summary>
public readonly struct MultiplyAddOperator<T> : ITernaryOperator<T> where T : struct, INumber<T>
{
    public static T Invoke(T x, T y, T z) => x * y + z;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, Vector128<T> z) => x * y + z;
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> z) => x * y + z;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> z) => x * y + z;
}
