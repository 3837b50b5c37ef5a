using FsCheck.Fluent;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>Reductions, and the ops along one dim (softmax, max/min with indices).</summary>
public static partial class OpTable
{
    private static Op[] Reductions() =>
    [
        new("sum") { Gradient = GradientCases.Reduction((x, d, k) => x.Sum(d, k)) },
        new("mean") { Gradient = GradientCases.Reduction((x, d, k) => x.Mean(d, k)) },
        new("amax") { Gradient = GradientCases.Reduction((x, d, k) => x.Amax(d, k)) },
        new("amin") { Gradient = GradientCases.Reduction((x, d, k) => x.Amin(d, k)) },
        new("var")
        {
            Gradient = GradientCases.Shape(1, 3, 4).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Elements(0, 1).SelectMany(c => Gen.Elements(true, false).Select(k =>
            {
                var shape = (int[])s.Clone();
                shape[d] = Math.Max(shape[d], 2); // more elements than the correction
                return new GradientCase($"{ShapeUtil.Format(shape)} dim {d} correction {c} keepDim {k}", [shape], [null], [Domain.Smooth()], x => x[0].Var([d], c, k));
            })))),
        },
        new("logsumexp") { Gradient = GradientCases.Reduction((x, d, k) => x.LogSumExp(d ?? Enumerable.Range(0, x.Rank).ToArray(), k), minRank: 1) },
        new("softmax") { Gradient = GradientCases.AlongDim((x, d) => x.Softmax(d)) },
        new("log_softmax") { Gradient = GradientCases.AlongDim((x, d) => x.LogSoftmax(d)) },
        new("max_dim") { Gradient = GradientCases.AlongDim((x, d) => x.Max(d).Values) },
        new("min_dim") { Gradient = GradientCases.AlongDim((x, d) => x.Min(d, keepDim: true).Values) },
    ];
}
