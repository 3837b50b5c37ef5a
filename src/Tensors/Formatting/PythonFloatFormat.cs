using System.Globalization;
using System.Numerics;
using System.Text;

namespace MiniTorch.Tensors;

/// <summary>
/// Python's <c>"{:.Nf}"</c> and <c>"{:.Ne}"</c> for doubles, digit for digit. Python rounds the
/// exact binary value half to even; .NET's "F4" rounds exact ties away from zero (0.03125 prints
/// 0.0313 where Python prints 0.0312), so the digits are computed here with exact integers.
/// </summary>
internal static class PythonFloatFormat
{
    /// <summary><c>"{:.{precision}f}".format(value)</c>: <c>nan</c>, <c>inf</c>, <c>-0.0000</c> included.</summary>
    public static string Fixed(double value, int precision)
    {
        if (NonFinite(value) is string special) return special;
        var (num, den) = Exact(Math.Abs(value));
        var digits = RoundHalfEven(num * BigInteger.Pow(10, precision), den).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= precision) digits = new string('0', precision + 1 - digits.Length) + digits;
        var sb = new StringBuilder();
        if (double.IsNegative(value)) sb.Append('-');
        sb.Append(digits, 0, digits.Length - precision);
        if (precision > 0) sb.Append('.').Append(digits, digits.Length - precision, precision);
        return sb.ToString();
    }

    /// <summary><c>"{:.{precision}e}".format(value)</c>: one digit, point, digits, <c>e</c>, sign, at least two exponent digits.</summary>
    public static string Scientific(double value, int precision)
    {
        if (NonFinite(value) is string special) return special;
        string sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + Mantissa(BigInteger.Zero, precision) + "e+00";
        var (num, den) = Exact(Math.Abs(value));
        // The decimal exponent k with 10^k <= |value| < 10^(k+1), estimated then made exact.
        int k = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        while (Compare(num, den, k) < 0) k--;
        while (Compare(num, den, k + 1) >= 0) k++;
        // Scale so precision+1 digits sit before the point, then round once.
        int shift = precision - k;
        var q = shift >= 0
            ? RoundHalfEven(num * BigInteger.Pow(10, shift), den)
            : RoundHalfEven(num, den * BigInteger.Pow(10, -shift));
        if (q == BigInteger.Pow(10, precision + 1)) { q /= 10; k++; } // 9.99995 rounds up to 10.0000
        return sign + Mantissa(q, precision) + "e" + (k < 0 ? "-" : "+") + Math.Abs(k).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Mantissa(BigInteger q, int precision)
    {
        var digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        return precision == 0 ? digits : digits[..1] + "." + digits[1..];
    }

    private static string? NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : null;

    /// <summary>A finite non-negative double as the exact fraction num / den (den a power of two).</summary>
    private static (BigInteger num, BigInteger den) Exact(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponentBits = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & ((1L << 52) - 1);
        long mantissa = exponentBits == 0 ? fraction : fraction | (1L << 52);
        int exponent = exponentBits == 0 ? -1074 : exponentBits - 1075;
        return exponent >= 0
            ? (new BigInteger(mantissa) << exponent, BigInteger.One)
            : (new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    /// <summary>Sign of num/den - 10^k.</summary>
    private static int Compare(BigInteger num, BigInteger den, int k) =>
        k >= 0 ? num.CompareTo(den * BigInteger.Pow(10, k)) : (num * BigInteger.Pow(10, -k)).CompareTo(den);

    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        var q = BigInteger.DivRem(num, den, out var r);
        int c = (r * 2).CompareTo(den);
        return c > 0 || (c == 0 && !q.IsEven) ? q + 1 : q;
    }
}
