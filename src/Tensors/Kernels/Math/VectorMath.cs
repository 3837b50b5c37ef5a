using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Vectorized transcendental functions for float and double, each written once against
/// <see cref="ILane{TSelf, T}"/>. One method serves both precisions: <c>IsFloat&lt;T&gt;()</c>
/// picks constants and polynomial degrees, and the JIT folds the test away. Accuracy, range
/// reduction and special values of every function are described in docs/transcendentals.md.
/// </summary>
internal static partial class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFloat<T>() => typeof(T) == typeof(float);

    /// <summary>Explicit mantissa bits: 23 or 52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MantissaBits<T>() => IsFloat<T>() ? 23 : 52;

    /// <summary>Exponent bias: 127 or 1023.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExponentBias<T>() => IsFloat<T>() ? 127 : 1023;

    /// <summary>1.5 * 2^mantissa: adding it rounds a value to an integer, which then sits in the low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RoundingShifter<TV, T>() where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.Constant(IsFloat<T>() ? 12582912.0 : 6755399441055744.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SignMask<TV, T>() where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.FromBits(IsFloat<T>() ? int.MinValue : long.MinValue);

    /// <summary>|v| with the sign of <paramref name="sign"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CopySign<TV, T>(TV v, TV sign) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var mask = SignMask<TV, T>();
        return (v ^ (v & mask)) | (sign & mask);
    }

    /// <summary>All bits flipped (logical not of a mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Not<TV, T>(TV mask) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        mask ^ TV.FromBits(-1);

    /// <summary>One Horner step: p * x + c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Step<TV, T>(TV p, TV x, double c) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.MultiplyAdd(p, x, TV.Constant(c));

    /// <summary>
    /// The rounding error of <paramref name="product"/> = fl(a * b), exactly: a * b - product.
    /// One FMA where the hardware has it, else Dekker's product of Veltkamp-split halves (valid
    /// while a * 2^(mantissa/2) does not overflow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ProductError<TV, T>(TV a, TV b, TV product) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        if (LaneWidth.UseFma) return TV.MultiplyAdd(a, b, -product);
        SplitHalves<TV, T>(a, out var aHigh, out var aLow);
        SplitHalves<TV, T>(b, out var bHigh, out var bLow);
        return ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
    }

    /// <summary>Veltkamp's split of v into two halves with at most half the mantissa bits each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitHalves<TV, T>(TV v, out TV high, out TV low) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var t = v * TV.Constant(IsFloat<T>() ? 4097.0 : 134217729.0); // 2^12 + 1, 2^27 + 1
        high = t - (t - v);
        low = v - high;
    }

    /// <summary>Exact float of a non-negative integer below 2^mantissa held in a lane's low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SmallIntegerToFloat<TV, T>(TV bits) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var twoPowMantissa = TV.Constant(IsFloat<T>() ? 8388608.0 : 4503599627370496.0);
        return (bits | twoPowMantissa) - twoPowMantissa;
    }
}
