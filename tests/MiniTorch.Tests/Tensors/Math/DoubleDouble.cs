namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// An unevaluated sum of two doubles (about 106 significant bits), so the test references for
/// erf, erfc and the GELUs can be computed well beyond double precision.
/// </summary>
public readonly record struct DoubleDouble(double Hi, double Lo)
{
    public static readonly DoubleDouble Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);
    public static readonly DoubleDouble TwoOverSqrtPi = new(1.1283791670955126, 1.533545961316588e-17);
    public static readonly DoubleDouble OneOverSqrtPi = new(0.5641895835477563, 7.66772980658294e-18);
    public static readonly DoubleDouble SqrtTwoOverPi = new(0.7978845608028654, -4.98465440455546e-17);
    public static readonly DoubleDouble OneOverSqrt2 = new(0.7071067811865476, -4.833646656726457e-17);
    public static readonly DoubleDouble GeluKappa = new(0.044715, 2.1960211427085595e-18);

    public static implicit operator DoubleDouble(double value) => new(value, 0);

    public double Value => Hi + Lo;

    private static DoubleDouble FastTwoSum(double a, double b)
    {
        double s = a + b;
        return new(s, b - (s - a));
    }

    public static DoubleDouble operator +(DoubleDouble x, DoubleDouble y)
    {
        double s = x.Hi + y.Hi, bb = s - x.Hi;
        double error = (x.Hi - (s - bb)) + (y.Hi - bb) + x.Lo + y.Lo;
        return FastTwoSum(s, error);
    }

    public static DoubleDouble operator -(DoubleDouble x) => new(-x.Hi, -x.Lo);

    public static DoubleDouble operator -(DoubleDouble x, DoubleDouble y) => x + -y;

    public static DoubleDouble operator *(DoubleDouble x, DoubleDouble y)
    {
        double p = x.Hi * y.Hi;
        double error = System.Math.FusedMultiplyAdd(x.Hi, y.Hi, -p) + (x.Hi * y.Lo + x.Lo * y.Hi);
        return FastTwoSum(p, error);
    }

    public static DoubleDouble operator /(DoubleDouble x, DoubleDouble y)
    {
        double q1 = x.Hi / y.Hi;
        var r = x - y * q1;
        double q2 = r.Hi / y.Hi;
        r -= y * q2;
        double q3 = r.Hi / y.Hi;
        return FastTwoSum(q1, q2) + q3;
    }

    /// <summary>e^x: reduce by k ln2 and by 2^10, Taylor series, square back.</summary>
    public static DoubleDouble Exp(DoubleDouble x)
    {
        if (x.Hi < -780) return 0;
        if (x.Hi > 710) return double.PositiveInfinity;
        double k = System.Math.Round(x.Hi / Ln2.Hi);
        var r = (x - Ln2 * k) * (1.0 / 1024);
        DoubleDouble term = 1, sum = 1;
        for (int n = 1; n <= 14; n++)
        {
            term = term * r / n;
            sum += term;
        }
        for (int i = 0; i < 10; i++) sum *= sum;
        // Scale in two steps so a subnormal result is rounded once, at the end.
        int half = (int)k / 2;
        return new DoubleDouble(System.Math.ScaleB(sum.Hi, half), System.Math.ScaleB(sum.Lo, half)) * System.Math.ScaleB(1.0, (int)k - half);
    }

    /// <summary>erf(x) for |x| &lt;= 4 by its Taylor series 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)).</summary>
    public static DoubleDouble ErfSeries(DoubleDouble x)
    {
        var square = x * x;
        DoubleDouble power = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            power = -(power * square) / n;
            var term = power / (2 * n + 1);
            sum += term;
            if (System.Math.Abs(term.Hi) < 1e-34 * System.Math.Abs(sum.Hi)) break;
        }
        return TwoOverSqrtPi * sum;
    }

    /// <summary>erfc(a) for a &gt;= 4 by its continued fraction e^(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + ...))).</summary>
    public static DoubleDouble ErfcContinuedFraction(DoubleDouble a)
    {
        DoubleDouble tail = a;
        for (int k = 120; k >= 1; k--) tail = a + (DoubleDouble)(k * 0.5) / tail;
        return OneOverSqrtPi * Exp(-(a * a)) / tail;
    }

    /// <summary>erfc(x) for any finite x, accurate in relative terms.</summary>
    public static DoubleDouble Erfc(DoubleDouble x)
    {
        if (x.Hi < 0) return 2.0 - Erfc(-x);
        if (x.Hi > 27.5) return 0;
        return x.Hi < 4 ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    /// <summary>1 / (1 + e^-x), without overflow.</summary>
    public static DoubleDouble Sigmoid(DoubleDouble x)
    {
        if (x.Hi >= 0) return 1.0 / (1.0 + Exp(-x));
        var e = Exp(x);
        return e / (1.0 + e);
    }
}
