using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// Natural logarithm, fdlibm's method: x = 2^e * m with m in [sqrt(1/2), sqrt(2)), f = m - 1,
// s = f / (2 + f), log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))) with R a polynomial in s^2
// (musl's 4-term float and fdlibm's 7-term double coefficients), and e * ln2 added in two parts.
internal static partial class VectorMath
{
    /// <summary>log(x): -inf at +-0, NaN below 0, +inf at +inf; subnormals are scaled up first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var minNormal = TV.FromBits(IsFloat<T>() ? 0x00800000L : 0x0010000000000000L);
        var infinity = TV.FromBits(IsFloat<T>() ? 0x7F800000L : 0x7FF0000000000000L);
        // NaN fails both compares, so it lands in the slow path too.
        var special = Not<TV, T>(TV.GreaterThan(x, minNormal) | TV.Equal(x, minNormal)) | Not<TV, T>(TV.LessThan(x, infinity));
        return TV.Any(special) ? LogSpecial<TV, T>(x) : LogOfNormal<TV, T>(x, TV.Constant(0.0));
    }

    /// <summary>log for a vector with some zero, negative, subnormal, infinite or NaN lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV LogSpecial<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var minNormal = TV.FromBits(IsFloat<T>() ? 0x00800000L : 0x0010000000000000L);
        var infinity = TV.FromBits(IsFloat<T>() ? 0x7F800000L : 0x7FF0000000000000L);
        var subnormal = TV.LessThan(x, minNormal);
        var scaled = TV.Select(subnormal, x * TV.Constant(IsFloat<T>() ? 8388608.0 : 4503599627370496.0), x);
        var result = LogOfNormal<TV, T>(scaled, TV.Select(subnormal, TV.Constant(-MantissaBits<T>()), TV.Constant(0.0)));
        result = TV.Select(TV.Equal(x, TV.Constant(0.0)), -infinity, result);
        result = TV.Select(TV.LessThan(x, TV.Constant(0.0)), infinity - infinity, result);
        result = TV.Select(TV.Equal(x, infinity), infinity, result);
        return TV.Select(TV.IsNaN(x), x, result);
    }

    /// <summary>log(x) + exponentOffset * ln2 for positive normal finite x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogOfNormal<TV, T>(TV x, TV exponentOffset) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        bool f = IsFloat<T>();
        int mantissa = MantissaBits<T>();
        // Subtracting the bits of sqrt(1/2) puts the exponent e of m in [sqrt(1/2), sqrt(2)) in
        // the high bits (negative for x < sqrt(1/2)); the same high bits removed from x give m.
        var offset = TV.SubtractBits(x, TV.FromBits(f ? 0x3F3504F3L : 0x3FE6A09E667F3BCDL));
        var m = TV.SubtractBits(x, offset & TV.FromBits(f ? unchecked((int)0xFF800000) : unchecked((long)0xFFF0000000000000)));
        // e = offset >> mantissa (arithmetic), done logically on a biased copy: AVX2 has no 64-bit arithmetic shift.
        var biased = TV.ShiftRightLogicalBits(TV.AddBits(offset, TV.FromBits((long)ExponentBias<T>() << mantissa)), mantissa);
        var e = SmallIntegerToFloat<TV, T>(biased) - TV.Constant(ExponentBias<T>()) + exponentOffset;

        var fm = m - TV.Constant(1.0);
        var s = fm / (TV.Constant(2.0) + fm);
        var z = s * s;
        TV p;
        if (f)
        {
            p = TV.Constant(0.24279078841);
            p = Step<TV, T>(p, z, 0.28498786688);
            p = Step<TV, T>(p, z, 0.40000972152);
            p = Step<TV, T>(p, z, 0.66666662693);
        }
        else
        {
            p = TV.Constant(1.479819860511658591e-01);
            p = Step<TV, T>(p, z, 1.531383769920937332e-01);
            p = Step<TV, T>(p, z, 1.818357216161805012e-01);
            p = Step<TV, T>(p, z, 2.222219843214978396e-01);
            p = Step<TV, T>(p, z, 2.857142874366239149e-01);
            p = Step<TV, T>(p, z, 3.999999999940941908e-01);
            p = Step<TV, T>(p, z, 6.666666666666735130e-01);
        }
        var r = z * p;
        var halfSquare = TV.Constant(0.5) * fm * fm;
        var lnHi = TV.Constant(f ? 6.9313812256e-01 : 6.93147180369123816490e-01);
        var lnLo = TV.Constant(f ? 9.0580006145e-06 : 1.90821492927058770002e-10);
        // e*ln2hi - ((hfsq - (s*(hfsq + R) + e*ln2lo)) - f): the small terms first, as fdlibm does.
        var small = TV.MultiplyAdd(s, halfSquare + r, e * lnLo);
        return TV.MultiplyAdd(e, lnHi, fm - (halfSquare - small));
    }
}
