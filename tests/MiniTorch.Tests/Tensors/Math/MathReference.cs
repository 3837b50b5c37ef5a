using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// Ground truth for the transcendental kernel tests: System.Math where it has the function (exp,
/// log, tanh, sin, cos), otherwise formulas evaluated here in double-double arithmetic,
/// independently of the kernels (erf by Taylor series and continued fraction, sigmoid, silu and
/// the GELUs in cancellation-free forms).
/// </summary>
public static class MathReference
{
    public static double Sigmoid(double x) => DoubleDouble.Sigmoid(x).Value;

    /// <summary>x sigmoid(x); far left, e^x is carried times 2^64 so it never goes subnormal before the end.</summary>
    public static double Silu(double x)
    {
        if (x > -700 || !double.IsFinite(x)) return (x * DoubleDouble.Sigmoid(x)).Value;
        var scaled = DoubleDouble.Exp(x + DoubleDouble.Ln2 * 64);
        return System.Math.ScaleB((x * scaled / (1.0 + scaled * System.Math.ScaleB(1.0, -64))).Value, -64);
    }

    /// <summary>0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3), all in double-double.</summary>
    public static double GeluTanh(double x)
    {
        DoubleDouble xx = x;
        var twiceInner = 2.0 * DoubleDouble.SqrtTwoOverPi * (xx + DoubleDouble.GeluKappa * xx * xx * xx);
        return (xx * DoubleDouble.Sigmoid(twiceInner)).Value;
    }

    /// <summary>0.5 x erfc(-x / sqrt 2), in double-double.</summary>
    public static double Gelu(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return x > 0 ? x : double.NaN;
        DoubleDouble xx = x;
        return (0.5 * xx * DoubleDouble.Erfc(-(xx * DoubleDouble.OneOverSqrt2))).Value;
    }

    /// <summary>erf(x) in double-double: Taylor series up to 4, 1 - erfc beyond.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = System.Math.Abs(x);
        double value = a <= 4 ? DoubleDouble.ErfSeries(a).Value : a < 27 ? (1.0 - DoubleDouble.ErfcContinuedFraction(a)).Value : 1;
        return System.Math.CopySign(value, x);
    }

    /// <summary>erfc(x) = 1 - erf(x), accurate in relative terms for large positive x.</summary>
    public static double Erfc(double x) => double.IsNaN(x) ? x : DoubleDouble.Erfc(x).Value;

    /// <summary>Error of a float result in units in the last place of the exact (double) value.</summary>
    public static double UlpError(float actual, double exact)
    {
        if (double.IsNaN(exact)) return float.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (float.IsNaN(actual)) return double.PositiveInfinity;
        if (float.IsInfinity(actual) || double.Abs(exact) > float.MaxValue)
            return actual == (float)exact ? 0 : double.PositiveInfinity;
        double magnitude = System.Math.Abs(exact);
        int exponent = magnitude == 0 ? -126 : System.Math.Clamp(System.Math.ILogB(magnitude), -126, 127);
        return System.Math.Abs(actual - exact) / System.Math.ScaleB(1.0, exponent - 23);
    }

    /// <summary>Error of a double result in units in the last place of the reference.</summary>
    public static double UlpError(double actual, double exact)
    {
        if (double.IsNaN(exact)) return double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (double.IsNaN(actual)) return double.PositiveInfinity;
        if (double.IsInfinity(actual) || double.IsInfinity(exact)) return actual == exact ? 0 : double.PositiveInfinity;
        double magnitude = System.Math.Abs(exact);
        int exponent = magnitude == 0 ? -1022 : System.Math.Max(System.Math.ILogB(magnitude), -1022);
        return System.Math.Abs(actual - exact) / System.Math.ScaleB(1.0, exponent - 52);
    }

    /// <summary>True when both are the same value including the sign of zero, or both NaN (NaN payloads may differ between code paths).</summary>
    public static bool SameValue<T>(T a, T b) where T : System.Numerics.IFloatingPointIeee754<T> =>
        (T.IsNaN(a) && T.IsNaN(b)) || (a == b && T.IsNegative(a) == T.IsNegative(b));
}
