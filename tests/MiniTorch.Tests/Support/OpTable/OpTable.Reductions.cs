using FsCheck.Fluent;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Tensors.Reductions.ReductionReference;

namespace MiniTorch.Tests.Support;

/// <summary>Reductions, and the ops along one dim (softmax, max/min with indices).</summary>
public static partial class OpTable
{
    private static Op[] Reductions() =>
    [
        new("sum")
        {
            Reduction = new((x, d, k) => x.Sum(d, k), SumOf, SumTolerance) { Int64 = true, Specials = true },
            Gradient = GradientCases.Reduction((x, d, k) => x.Sum(d, k)),
        },
        new("mean")
        {
            // Empty groups give NaN, as 0 / 0 does in the reference.
            Reduction = new((x, d, k) => x.Mean(d, k), g => SumOf(g) / g.Length, (g, dtype) => 2 * SumTolerance(g, dtype) / Math.Max(g.Length, 1)),
            Gradient = GradientCases.Reduction((x, d, k) => x.Mean(d, k)),
        },
        new("amax")
        {
            Reduction = new((x, d, k) => x.Amax(d, k), MaxOf, (_, _) => 0) { Int64 = true, Specials = true, RejectsEmpty = true },
            Gradient = GradientCases.Reduction((x, d, k) => x.Amax(d, k)),
        },
        new("amin")
        {
            Reduction = new((x, d, k) => x.Amin(d, k), MinOf, (_, _) => 0) { Int64 = true, Specials = true, RejectsEmpty = true },
            Gradient = GradientCases.Reduction((x, d, k) => x.Amin(d, k)),
        },
        new("var")
        {
            Reduction = new((x, d, k) => x.Var(d, 1, k), g => VarOf(g, 1), (g, dtype) => VarTolerance(g, dtype, 1)),
            Gradient = GradientCases.Shape(1, 3, 4).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Elements(0, 1).SelectMany(c => Gen.Elements(true, false).Select(k =>
            {
                var shape = (int[])s.Clone();
                shape[d] = Math.Max(shape[d], 2); // more elements than the correction
                return new GradientCase($"{ShapeUtil.Format(shape)} dim {d} correction {c} keepDim {k}", [shape], [null], [Domain.Smooth()], x => x[0].Var([d], c, k));
            })))),
        },
        new("var_biased") { Reduction = new((x, d, k) => x.Var(d, 0, k), g => VarOf(g, 0), (g, dtype) => VarTolerance(g, dtype, 0)) },
        new("logsumexp")
        {
            // An empty dim list reduces over every dim, as null does for the other reductions.
            Reduction = new((x, d, k) => x.LogSumExp(d ?? [], k), LogSumExpOf, (g, dtype) => 8 * (g.Length + 1) * Eps(dtype) * (1 + Math.Abs(LogSumExpOf(g)))) { Specials = true },
            Gradient = GradientCases.Reduction((x, d, k) => x.LogSumExp(d ?? Enumerable.Range(0, x.Rank).ToArray(), k), minRank: 1),
        },
        new("softmax") { Gradient = GradientCases.AlongDim((x, d) => x.Softmax(d)) },
        new("log_softmax") { Gradient = GradientCases.AlongDim((x, d) => x.LogSoftmax(d)) },
        new("max_dim") { Gradient = GradientCases.AlongDim((x, d) => x.Max(d).Values) },
        new("min_dim") { Gradient = GradientCases.AlongDim((x, d) => x.Min(d, keepDim: true).Values) },
    ];

    /// <summary>Sums of float values must lie within n * eps * sum|x| of the exact sum; int64 sums are exact.</summary>
    private static double SumTolerance(double[] g, DType dtype) =>
        dtype == DType.Int64 ? 0 : Math.Max(g.Length, 1) * Eps(dtype) * AbsSumOf(g) + double.Epsilon;

    /// <summary>The two-pass variance's error: the mean's rounding squared, plus the sum of squares' own.</summary>
    private static double VarTolerance(double[] g, DType dtype, int correction)
    {
        double n = Math.Max(g.Length, 1), eps = Eps(dtype), scale = g.Select(Math.Abs).DefaultIfEmpty(0).Max();
        double meanError = 4 * n * eps * scale;
        return (8 * n * eps * VarOf(g, 0) * n + n * meanError * meanError) / Math.Max(1, g.Length - correction) + 1e-300;
    }
}
