using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// exp and the e^x - 1 it is built on. x = k ln2 + r with k = round(x / ln2) and |r| <= ln2 / 2
// (Cody-Waite: ln2 in two parts so k * ln2hi is exact); e^r - 1 = r + r^2 P(r) (Cephes' degree-5 P
// for float, a degree-10 Chebyshev fit for double); the result is (1 + that) * 2^k, built by adding
// k to the exponent bits.
internal static partial class VectorMath
{
    /// <summary>e^x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        bool f = IsFloat<T>();
        // Past these bounds every result is +inf or 0; clamping keeps k small enough for
        // ScaleByPow2's two-step path. NaN compares false and passes through.
        var hi = TV.Constant(f ? 89.0 : 710.0);
        var lo = TV.Constant(f ? -104.0 : -746.0);
        x = TV.Select(TV.GreaterThan(x, hi), hi, x);
        x = TV.Select(TV.LessThan(x, lo), lo, x);
        var r = ReduceByLn2<TV, T>(x, out var shifted, out var k);
        return ScaleByPow2<TV, T>(ExpMinusOneReduced<TV, T>(r) + TV.Constant(1.0), shifted, k);
    }

    /// <summary>
    /// e^x * 2^<paramref name="scale"/> for x &lt;= 0, rounded once: the scaled result stays normal
    /// where e^x alone would be subnormal, so a product with it keeps full precision (silu's tail).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ExpTimesPow2<TV, T>(TV x, int scale) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var lo = TV.Constant((IsFloat<T>() ? -104.0 : -746.0) - scale * 0.6931471805599453);
        x = TV.Select(TV.LessThan(x, lo), lo, x);
        var r = ReduceByLn2<TV, T>(x, out var shifted, out var k);
        var s = TV.Constant(scale);
        return ScaleByPow2<TV, T>(ExpMinusOneReduced<TV, T>(r) + TV.Constant(1.0), shifted + s, k + s);
    }

    /// <summary>e^x - 1 for x &lt;= 0 (or NaN), accurate near 0; the core of tanh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ExpMinusOneNonPositive<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        // Below the bound e^x - 1 rounds to -1; clamping keeps 2^k a normal number.
        var lo = TV.Constant(IsFloat<T>() ? -20.0 : -40.0);
        x = TV.Select(TV.LessThan(x, lo), lo, x);
        var r = ReduceByLn2<TV, T>(x, out var shifted, out _);
        var pow2 = TV.AddBits(TV.Constant(1.0), TV.ShiftLeftBits(shifted, MantissaBits<T>()));
        // 2^k (e^r - 1) + (2^k - 1): both parts exact or nearly, so no cancellation for k = 0.
        return TV.MultiplyAdd(pow2, ExpMinusOneReduced<TV, T>(r), pow2 - TV.Constant(1.0));
    }

    /// <summary>
    /// Splits x = k ln2 + r. <paramref name="shifted"/> is k + 1.5 * 2^mantissa, whose low bits
    /// hold k as an integer; <paramref name="k"/> is k as a float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ReduceByLn2<TV, T>(TV x, out TV shifted, out TV k) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        bool f = IsFloat<T>();
        var shifter = RoundingShifter<TV, T>();
        shifted = TV.MultiplyAdd(x, TV.Constant(1.4426950408889634), shifter);
        k = shifted - shifter;
        // ln2 = hi + lo with hi short enough that k * hi is exact (Cephes' float split, fdlibm's double one).
        var r = TV.MultiplyAdd(k, TV.Constant(f ? -0.693359375 : -6.93147180369123816490e-01), x);
        return TV.MultiplyAdd(k, TV.Constant(f ? 2.12194440e-4 : -1.90821492927058770002e-10), r);
    }

    /// <summary>e^r - 1 for |r| &lt;= ln2 / 2, as r + r^2 P(r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpMinusOneReduced<TV, T>(TV r) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        TV p;
        if (IsFloat<T>())
        {
            // Cephes expf: relative error of the polynomial about 0.05 ulp.
            p = TV.Constant(1.9875691500E-4);
            p = Step<TV, T>(p, r, 1.3981999507E-3);
            p = Step<TV, T>(p, r, 8.3334519073E-3);
            p = Step<TV, T>(p, r, 4.1665795894E-2);
            p = Step<TV, T>(p, r, 1.6666665459E-1);
            p = Step<TV, T>(p, r, 5.0000001201E-1);
        }
        else
        {
            // Chebyshev fit of (e^r - 1 - r) / r^2 on [-ln2/2, ln2/2]: about 0.003 ulp.
            p = TV.Constant(2.0914679376583935e-09);
            p = Step<TV, T>(p, r, 2.510520637395701e-08);
            p = Step<TV, T>(p, r, 2.7557273661348637e-07);
            p = Step<TV, T>(p, r, 2.7557255425746435e-06);
            p = Step<TV, T>(p, r, 2.4801587325533363e-05);
            p = Step<TV, T>(p, r, 0.00019841269874800493);
            p = Step<TV, T>(p, r, 0.0013888888888883752);
            p = Step<TV, T>(p, r, 0.008333333333326141);
            p = Step<TV, T>(p, r, 0.04166666666666667);
            p = Step<TV, T>(p, r, 0.1666666666666667);
            p = Step<TV, T>(p, r, 0.5);
        }
        return TV.MultiplyAdd(r * r, p, r);
    }

    /// <summary>
    /// y * 2^k for y in [0.7, 1.5]. Usually one integer add to y's exponent; lanes whose result
    /// would overflow or be subnormal (or NaN) take two exact-range multiplies, so the rounding
    /// into the subnormal range or to infinity happens once, in the last multiply.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ScaleByPow2<TV, T>(TV y, TV shifted, TV k) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        int bias = ExponentBias<T>();
        var fast = TV.AddBits(y, TV.ShiftLeftBits(shifted, MantissaBits<T>()));
        var wide = Not<TV, T>(TV.LessThanOrEqual(TV.Abs(k), TV.Constant(bias - 2)));
        return TV.Any(wide) ? ScaleByPow2Wide<TV, T>(y, k, wide, fast) : fast;
    }

    // Out of line: rare, and keeping it out leaves the JIT inlining budget for the common path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV ScaleByPow2Wide<TV, T>(TV y, TV k, TV wide, TV fast) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        int bias = ExponentBias<T>();
        var first = TV.Select(TV.GreaterThan(k, TV.Constant(0.0)), TV.Constant(bias), TV.Constant(1 - bias));
        return TV.Select(wide, y * Pow2<TV, T>(k - first) * Pow2<TV, T>(first), fast);
    }

    /// <summary>2^n for an integer-valued n in the normal exponent range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Pow2<TV, T>(TV n) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.AddBits(TV.Constant(1.0), TV.ShiftLeftBits(n + RoundingShifter<TV, T>(), MantissaBits<T>()));
}
