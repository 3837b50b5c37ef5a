namespace MiniTorch.Tests.Support;

/// <summary>
/// How close a transcendental kernel comes to the exact function: its documented bounds in ulp
/// (docs/transcendentals.md) and the ground truth they are measured against.
/// </summary>
/// <param name="Exact">The exact value to beyond double precision (System.Math or double-double).</param>
/// <param name="FloatUlp">Max error of float32 results, in ulp.</param>
/// <param name="DoubleUlp">Max error of float64 results against <paramref name="Exact"/>, in ulp.</param>
/// <param name="DoubleRange">Where the float64 sweep samples uniformly (besides random bit patterns).</param>
public sealed record Accuracy(Func<double, double> Exact, double FloatUlp, double DoubleUlp, (double Low, double High) DoubleRange)
{
    /// <summary>
    /// The exact value for float32 results when a cheaper evaluation suffices: functions System.Math
    /// lacks use the float64 kernel, which the same test first checks against <see cref="Exact"/>.
    /// Null means <see cref="Exact"/>.
    /// </summary>
    public Func<double, double>? FloatExact { get; init; }

    /// <summary>
    /// Extra ulp allowed at (x, exact value, float32?) beyond the headline bound, where the docs
    /// state why (ill-conditioned tails, subnormal intermediates); zero almost everywhere.
    /// </summary>
    public Func<double, double, bool, double> ExtraUlp { get; init; } = (_, _, _) => 0;
}
