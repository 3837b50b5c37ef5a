using System.Numerics;

namespace MiniTorch.Tests.Support;

/// <summary>Where a kernel's floating operands come from: values for operand <c>operand</c>, <c>length</c> of them.</summary>
public delegate double[] OperandSource(System.Random rng, int operand, int length);

/// <summary>
/// Operand arrays for the kernel tests. Special values (NaN, +-0, +-inf, subnormals, huge values)
/// sit at random positions, so they land in the vector body, the overlapping tail and the scalar
/// remainder alike.
/// </summary>
public static class KernelValues
{
    private static readonly double[] ArithmeticSpecials =
        [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 1, -1, 1e-310, -1e-40, 1e30, -1e300, 0.5];

    private static readonly double[] TranscendentalSpecials =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-40, -3e-310, 1e30, -1e30, 95, -110, 750, -800, 1e5, -2e6];

    /// <summary>Mostly moderate values (|x| &lt; 4) with one special in eight.</summary>
    public static readonly OperandSource Arithmetic = (rng, _, length) =>
    {
        var a = new double[length];
        for (int i = 0; i < length; i++)
            a[i] = rng.Next(8) == 0 ? ArithmeticSpecials[rng.Next(ArithmeticSpecials.Length)] : (rng.NextDouble() - 0.5) * 8;
        return a;
    };

    /// <summary>
    /// Values of several scales with the range-reduction edges of exp, sin and friends (overflow,
    /// underflow, huge arguments) sprinkled in, so rare slow paths run at every lane position.
    /// </summary>
    public static readonly OperandSource Transcendental = (rng, _, length) =>
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = rng.Next(10) switch
            {
                0 => TranscendentalSpecials[rng.Next(TranscendentalSpecials.Length)],
                1 => (rng.NextDouble() - 0.5) * 200,
                2 => (rng.NextDouble() - 0.5) * 2e-3,
                _ => (rng.NextDouble() - 0.5) * 12,
            };
        }
        return values;
    };

    /// <summary>For backward kernels (grad, x): a finite incoming gradient, transcendental values for x.</summary>
    public static readonly OperandSource GradientThenTranscendental = (rng, operand, length) =>
    {
        var values = Transcendental(rng, operand, length);
        if (operand == 0)
            for (int i = 0; i < length; i++) if (!double.IsFinite(values[i])) values[i] = 1.5;
        return values;
    };

    /// <summary>
    /// For operators that compare their last two operands (maximum's share, pow's edges at 0):
    /// <see cref="Arithmetic"/>, except that operands 1 and 2 hold the same value at every third
    /// position (specials included, so ties of NaN and of +0 with -0 occur too).
    /// </summary>
    public static readonly OperandSource Ties = (rng, operand, length) =>
    {
        var values = Arithmetic(rng, operand, length);
        if (operand > 0)
            for (int i = 0; i < length; i += 3) values[i] = i % 2 == 0 ? ArithmeticSpecials[i / 3 % ArithmeticSpecials.Length] : 0.125 * (i % 29) - 1.75;
        return values;
    };

    /// <summary>
    /// For operators whose last operand is a parameter (a slope, a bound) passed as a broadcast 0-d
    /// tensor: <see cref="Arithmetic"/>, with operand 2 equal to <paramref name="parameter"/>
    /// everywhere and operand 1 equal to it at every third position (the bound itself).
    /// </summary>
    public static OperandSource ConstantLast(double parameter) => (rng, operand, length) =>
    {
        var values = Arithmetic(rng, operand, length);
        for (int i = 0; i < length; i++)
            if (operand == 2 || (operand == 1 && i % 3 == 0)) values[i] = parameter;
        return values;
    };

    public static T[] Floating<T>(System.Random rng, int length) where T : struct, IFloatingPointIeee754<T> =>
        From<T>(Arithmetic(rng, 0, length));

    /// <summary>The values rounded to <typeparamref name="T"/>.</summary>
    public static T[] From<T>(double[] values) where T : struct, INumberBase<T> =>
        values.Select(T.CreateSaturating).ToArray();

    /// <summary>int64 operands over the whole range, long.MinValue included; small values keep products meaningful.</summary>
    public static long[] Int64(System.Random rng, int length)
    {
        var a = new long[length];
        for (int i = 0; i < length; i++)
            a[i] = rng.Next(16) == 0 ? long.MinValue : rng.Next(4) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : rng.Next(-1000, 1000);
        return a;
    }

    /// <summary>NaN equals NaN (whatever its payload); otherwise values and the sign of zero must match.</summary>
    public static bool Same<T>(T expected, T actual) where T : struct, INumberBase<T> =>
        T.IsNaN(expected) ? T.IsNaN(actual) : expected.Equals(actual) && T.IsNegative(expected) == T.IsNegative(actual);
}
