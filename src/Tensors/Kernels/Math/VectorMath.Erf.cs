using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// erf and erfc by the Sun fdlibm s_erf.c method (its coefficients; float uses them rounded):
//   |x| < 0.84375        erf = x + x R(x^2), R rational
//   0.84375 <= |x| < 1.25 erf = c + P(s)/Q(s), s = |x| - 1, c = erf(1) rounded to float
//   |x| >= 1.25          erfc = exp(-z^2 - 0.5625) exp((z - x)(z + x) + R(1/x^2)/S(1/x^2)) / x
//                        with z = x with its low mantissa bits cleared, so z^2 is exact and the
//                        big exponent carries no rounding error; two (R, S) pairs, split at 1/0.35.
// Each interval is computed only when some lane needs it.
internal static partial class VectorMath
{
    /// <summary>erf(x): odd, erf(+-inf) = +-1, erf(-0) = -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Erf<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        CopySign<TV, T>(ErfOfMagnitude<TV, T>(TV.Abs(x), TV.Constant(0.0), complement: false), x);

    /// <summary>
    /// erf(a) or, with <paramref name="complement"/>, erfc(a + aLow) for a &gt;= 0 (or NaN);
    /// <paramref name="aLow"/> is a tiny correction to a (below its last place), so callers can
    /// pass an argument carried to more than T's precision (gelu's x / sqrt 2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV ErfOfMagnitude<TV, T>(TV a, TV aLow, bool complement) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var one = TV.Constant(1.0);
        var result = TV.Constant(0.0);
        var small = TV.LessThan(a, TV.Constant(0.84375));
        var belowTail = TV.LessThan(a, TV.Constant(1.25));
        var middle = belowTail ^ small;
        var tail = Not<TV, T>(belowTail); // also NaN and +inf

        if (TV.Any(small))
        {
            var z = a * a;
            var r = TV.Constant(-2.37630166566501626084e-05);
            r = Step<TV, T>(r, z, -5.77027029648944159157e-03);
            r = Step<TV, T>(r, z, -2.84817495755985104766e-02);
            r = Step<TV, T>(r, z, -3.25042107247001499370e-01);
            r = Step<TV, T>(r, z, 1.28379167095512558561e-01);
            var s = TV.Constant(-3.96022827877536812320e-06);
            s = Step<TV, T>(s, z, 1.32494738004321644526e-04);
            s = Step<TV, T>(s, z, 5.08130628187576562776e-03);
            s = Step<TV, T>(s, z, 6.50222499887672944485e-02);
            s = Step<TV, T>(s, z, 3.97917223959155352819e-01);
            s = Step<TV, T>(s, z, 1.0);
            var y = r / s;
            TV value;
            if (complement)
            {
                // 1 - erf, rearranged above 1/4 so the subtraction loses no bits.
                var half = TV.Constant(0.5);
                value = TV.Select(TV.LessThan(a, TV.Constant(0.25)), one - TV.MultiplyAdd(a, y, a), half - TV.MultiplyAdd(a, y, a - half));
            }
            else
            {
                value = TV.MultiplyAdd(a, y, a);
            }
            result = TV.Select(small, value, result);
        }

        if (TV.Any(middle))
        {
            var s = a - one;
            var p = TV.Constant(-2.16637559486879084300e-03);
            p = Step<TV, T>(p, s, 3.54783043256182359371e-02);
            p = Step<TV, T>(p, s, -1.10894694282396677476e-01);
            p = Step<TV, T>(p, s, 3.18346619901161753674e-01);
            p = Step<TV, T>(p, s, -3.72207876035701323847e-01);
            p = Step<TV, T>(p, s, 4.14856118683748331666e-01);
            p = Step<TV, T>(p, s, -2.36211856075265944077e-03);
            var q = TV.Constant(1.19844998467991074170e-02);
            q = Step<TV, T>(q, s, 1.36370839120290507362e-02);
            q = Step<TV, T>(q, s, 1.26171219808761642112e-01);
            q = Step<TV, T>(q, s, 7.18286544141962662868e-02);
            q = Step<TV, T>(q, s, 5.40397917702171048937e-01);
            q = Step<TV, T>(q, s, 1.06420880400844228286e-01);
            q = Step<TV, T>(q, s, 1.0);
            const double erx = 8.45062911510467529297e-01;
            var value = complement ? TV.Constant(1 - erx) - p / q : TV.Constant(erx) + p / q;
            result = TV.Select(middle, value, result);
        }

        if (complement && TV.Any(belowTail))
        {
            // erfc(a + aLow) = erfc(a) - aLow (2/sqrt(pi)) e^(-a^2) to first order; aLow is below an
            // ulp of a, so a 0.1% fit of the derivative on [0, 1.25] is plenty.
            var slope = TV.Constant(-0.21856720614729222);
            slope = Step<TV, T>(slope, a, 0.5953042730569904);
            slope = Step<TV, T>(slope, a, 0.06711095716933382);
            slope = Step<TV, T>(slope, a, -1.1614018030753992);
            slope = Step<TV, T>(slope, a, 0.004225754319273294);
            slope = Step<TV, T>(slope, a, 1.1283034971729378);
            result = TV.Select(belowTail, TV.MultiplyAdd(-aLow, slope, result), result);
        }

        if (TV.Any(tail))
            result = TV.Select(tail, complement ? ErfcTail<TV, T>(a, aLow) : ErfTail<TV, T>(a), result);
        return result;
    }

    // The tail, |x| >= 1.25, is called out of line: with its two exps it is too big for the JIT to
    // inline together with the other intervals into the loop template, and when it does not fit
    // the JIT leaves calls to tiny lane helpers instead; one call per vector costs far less.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV ErfTail<TV, T>(TV a) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        ErfTail<TV, T>(a, TV.Constant(0.0), complement: false);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV ErfcTail<TV, T>(TV a, TV aLow) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        ErfTail<TV, T>(a, aLow, complement: true);

    /// <summary>erf(a) or erfc(a + aLow) for a &gt;= 1.25 (and NaN, +inf).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ErfTail<TV, T>(TV a, TV aLow, bool complement) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        bool f = IsFloat<T>();
        var one = TV.Constant(1.0);
        // Past the bound erf rounds to 1 and erfc to 0 (clamping also maps +inf there).
        var bound = TV.Constant(complement ? (f ? 11.0 : 28.0) : (f ? 4.0 : 6.0));
        var clamped = TV.GreaterThan(a, bound);
        a = TV.Select(clamped, bound, a);
        aLow = TV.Select(clamped, TV.Constant(0.0), aLow);
        var w = one / (a * a);
        var near = TV.LessThan(a, TV.Constant(2.857142857142857));
        TV ratio = TV.Constant(0.0);
        if (TV.Any(near))
        {
            var r = TV.Constant(-9.81432934416914548592e+00);
            r = Step<TV, T>(r, w, -8.12874355063065934246e+01);
            r = Step<TV, T>(r, w, -1.84605092906711035994e+02);
            r = Step<TV, T>(r, w, -1.62396669462573470355e+02);
            r = Step<TV, T>(r, w, -6.23753324503260060396e+01);
            r = Step<TV, T>(r, w, -1.05586262253232909814e+01);
            r = Step<TV, T>(r, w, -6.93858572707181764372e-01);
            r = Step<TV, T>(r, w, -9.86494403484714822705e-03);
            var s = TV.Constant(-6.04244152148580987438e-02);
            s = Step<TV, T>(s, w, 6.57024977031928170135e+00);
            s = Step<TV, T>(s, w, 1.08635005541779435134e+02);
            s = Step<TV, T>(s, w, 4.29008140027567833386e+02);
            s = Step<TV, T>(s, w, 6.45387271733267880336e+02);
            s = Step<TV, T>(s, w, 4.34565877475229228821e+02);
            s = Step<TV, T>(s, w, 1.37657754143519042600e+02);
            s = Step<TV, T>(s, w, 1.96512716674392571292e+01);
            s = Step<TV, T>(s, w, 1.0);
            ratio = r / s;
        }
        var far = Not<TV, T>(near);
        if (TV.Any(far))
        {
            var r = TV.Constant(-4.83519191608651397019e+02);
            r = Step<TV, T>(r, w, -1.02509513161107724954e+03);
            r = Step<TV, T>(r, w, -6.37566443368389627722e+02);
            r = Step<TV, T>(r, w, -1.60636384855821916062e+02);
            r = Step<TV, T>(r, w, -1.77579549177547519889e+01);
            r = Step<TV, T>(r, w, -7.99283237680523006574e-01);
            r = Step<TV, T>(r, w, -9.86494292470009928597e-03);
            var s = TV.Constant(-2.24409524465858183362e+01);
            s = Step<TV, T>(s, w, 4.74528541206955367215e+02);
            s = Step<TV, T>(s, w, 2.55305040643316442583e+03);
            s = Step<TV, T>(s, w, 3.19985821950859553908e+03);
            s = Step<TV, T>(s, w, 1.53672958608443695994e+03);
            s = Step<TV, T>(s, w, 3.25792512996573918826e+02);
            s = Step<TV, T>(s, w, 3.03380607434824582924e+01);
            s = Step<TV, T>(s, w, 1.0);
            ratio = TV.Select(far, r / s, ratio);
        }
        // z: a with the low mantissa bits cleared (11 and 21 significant bits), so z*z is exact.
        var z = a & TV.FromBits(f ? unchecked((int)0xFFFFE000) : unchecked((long)0xFFFFFFFF00000000));
        var correction = TV.MultiplyAdd(z - a, z + a, ratio);
        if (complement) correction = TV.MultiplyAdd(TV.Constant(-2.0) * a, aLow, correction);
        var q = Exp<TV, T>(TV.MultiplyAdd(-z, z, TV.Constant(-0.5625))) * Exp<TV, T>(correction) / a;
        // erfc(a + aLow) = q(a) (1 - aLow / a) to first order, beyond the exponent's share above.
        return complement ? TV.MultiplyAdd(-q, aLow / a, q) : one - q;
    }
}
