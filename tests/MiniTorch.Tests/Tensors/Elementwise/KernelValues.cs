using System.Numerics;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Operand arrays for the loop-template tests: mostly moderate values, with NaN, +-0, +-inf,
/// +-1, subnormals and huge values scattered at random positions (so they land in the vector
/// body, the overlapping tail and the scalar remainder alike).
/// </summary>
public static class KernelValues
{
    private static readonly double[] Specials =
        [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 1, -1, 1e-310, -1e-40, 1e30, -1e300, 0.5];

    public static T[] Floating<T>(System.Random rng, int length) where T : struct, IFloatingPointIeee754<T>
    {
        var a = new T[length];
        for (int i = 0; i < length; i++)
            a[i] = T.CreateSaturating(rng.Next(8) == 0 ? Specials[rng.Next(Specials.Length)] : (rng.NextDouble() - 0.5) * 8);
        return a;
    }

    /// <summary>int64 operands over the whole range, long.MinValue included; small values keep products meaningful.</summary>
    public static long[] Int64(System.Random rng, int length)
    {
        var a = new long[length];
        for (int i = 0; i < length; i++)
            a[i] = rng.Next(16) == 0 ? long.MinValue : rng.Next(4) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : rng.Next(-1000, 1000);
        return a;
    }

    /// <summary>NaN equals NaN; otherwise values and the sign of zero must match.</summary>
    public static bool Same<T>(T expected, T actual) where T : struct, INumberBase<T> =>
        T.IsNaN(expected) ? T.IsNaN(actual) : expected.Equals(actual) && T.IsNegative(expected) == T.IsNegative(actual);
}
