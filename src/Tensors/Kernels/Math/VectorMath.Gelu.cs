using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// GELU in its two PyTorch forms and their derivatives, arranged to avoid cancellation:
//   erf form:  0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2); for x < 0 erfc is used
//              directly, so the tiny left tail keeps its relative accuracy (1 + erf would not).
//   tanh form: 0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
internal static partial class VectorMath
{
    /// <summary>gelu(x) = 0.5 x (1 + erf(x / sqrt 2)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gelu<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.Constant(0.5) * x * TwiceNormalCdf<TV, T>(x);

    /// <summary>d gelu (erf form): grad * (Phi(x) + x phi(x)), PyTorch's formula.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV GeluBackward<TV, T>(TV grad, TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var density = Exp<TV, T>(TV.Constant(-0.5) * x * x) * TV.Constant(0.3989422804014327); // 1 / sqrt(2 pi)
        return grad * TV.MultiplyAdd(x, density, TV.Constant(0.5) * TwiceNormalCdf<TV, T>(x));
    }

    /// <summary>gelu(x) with the tanh approximation: x * sigmoid(2u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV GeluTanh<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        x * Sigmoid<TV, T>(TwiceGeluTanhInner<TV, T>(x));

    /// <summary>
    /// d gelu (tanh form). PyTorch's 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
    /// with t = tanh(u) = 2s - 1, s = sigmoid(2u): s + x s (1 - s) * 2 sqrt(2/pi) (1 + 0.134145 x^2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV GeluTanhBackward<TV, T>(TV grad, TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var s = Sigmoid<TV, T>(TwiceGeluTanhInner<TV, T>(x));
        // 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2) = 1.5957691216057308 + 0.21406444881780075 x^2
        var slope = TV.MultiplyAdd(x * x, TV.Constant(0.21406444881780075), TV.Constant(1.5957691216057308));
        return grad * TV.MultiplyAdd(x * (s * (TV.Constant(1.0) - s)), slope, s);
    }

    /// <summary>2u = 2 sqrt(2/pi) (x + 0.044715 x^3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TwiceGeluTanhInner<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        x * TV.MultiplyAdd(x * x, TV.Constant(0.07135481627260025), TV.Constant(1.5957691216057308));

    /// <summary>
    /// 2 Phi(x) = 1 + erf(x / sqrt 2) = erfc(-x / sqrt 2). x / sqrt 2 is carried as a high part
    /// and a low correction, because erfc's steep left tail would magnify the rounding of
    /// x / sqrt 2 by about x^2. (The factor 0.5 is left to the caller: applied to x instead, it
    /// costs no rounding when the result is subnormal.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TwiceNormalCdf<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var invSqrt2 = TV.Constant(0.7071067811865476);
        var z = x * invSqrt2;
        var zLow = ProductError<TV, T>(x, invSqrt2, z) + x * TV.Constant(IsFloat<T>() ? 1.210161710447897e-08 : -4.833646656726457e-17);
        // For x < 0 erfc(|z|) is wanted: |z| = -z, so the correction flips sign with z.
        var sign = SignMask<TV, T>() & z;
        var complement = ErfOfMagnitude<TV, T>(TV.Abs(z), zLow ^ sign, complement: true);
        return TV.Select(TV.LessThan(x, TV.Constant(0.0)), complement, TV.Constant(2.0) - complement);
    }
}
