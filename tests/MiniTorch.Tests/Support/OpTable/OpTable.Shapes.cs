using FsCheck.Fluent;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Support.GradientCases;

namespace MiniTorch.Tests.Support;

/// <summary>Views, copies, joins and indexing: the ops that move elements without arithmetic.</summary>
public static partial class OpTable
{
    private static Op[] Shapes() =>
    [
        new("reshape") { Gradient = Shape(0, 3).Select(s => new GradientCase($"{ShapeUtil.Format(s)} to [-1]", [s], [null], [Domain.Smooth()], x => x[0].Reshape(-1).Mul(x[0].Reshape(-1)))) },
        new("transpose") { Gradient = Shape(2, 3).Select(s => new GradientCase($"{ShapeUtil.Format(s)} (0, -1)", [s], [null], [Domain.Smooth()], x => x[0].Transpose(0, -1))) },
        new("permute") { Gradient = Shape(3, 3).Select(s => new GradientCase($"{ShapeUtil.Format(s)} (2, 0, 1)", [s], [null], [Domain.Smooth()], x => x[0].Permute(2, 0, 1))) },
        new("unsqueeze") { Gradient = Shape(0, 3).Select(s => new GradientCase($"{ShapeUtil.Format(s)} -1", [s], [null], [Domain.Smooth()], x => x[0].Unsqueeze(-1).Exp())) },
        new("squeeze") { Gradient = Shape(1, 3, 2).Select(s => new GradientCase(ShapeUtil.Format(s), [s], [null], [Domain.Smooth()], x => x[0].Squeeze().Exp())) },
        new("expand")
        {
            Gradient = Shape(1, 3).SelectMany(BroadcastPartner).SelectMany(small => Shape(1, 3).Select(big =>
            {
                var target = big.Length >= small.Length ? big : small;
                var shape = target.Select((t, i) => i < target.Length - small.Length ? t : small[i - (target.Length - small.Length)] == 1 ? t : small[i - (target.Length - small.Length)]).ToArray();
                return new GradientCase($"{ShapeUtil.Format(small)} to {ShapeUtil.Format(shape)}", [small], [null], [Domain.Smooth()], x => x[0].Expand(shape).Sin());
            })),
        },
        new("flatten") { Gradient = Shape(0, 3).Select(s => new GradientCase(ShapeUtil.Format(s), [s], [null], [Domain.Smooth()], x => x[0].Flatten().Exp())) },
        new("narrow")
        {
            Gradient = Shape(1, 3).SelectMany(s => Gen.Choose(0, s[0] - 1).Select(start =>
                new GradientCase($"{ShapeUtil.Format(s)} dim 0 start {start}", [s], [null], [Domain.Smooth()], x => x[0].Narrow(0, start, s[0] - start).Exp()))),
        },
        new("slice") { Gradient = Shape(1, 3, 5).Select(s => new GradientCase($"{ShapeUtil.Format(s)} dim -1 1::2", [s], [null], [Domain.Smooth()], x => x[0].Slice(-1, 1, int.MaxValue, 2).Exp())) },
        new("select") { Gradient = Shape(1, 3).Select(s => new GradientCase($"{ShapeUtil.Format(s)} dim 0 index -1", [s], [null], [Domain.Smooth()], x => x[0].Select(0, -1).Exp())) },
        new("contiguous_clone")
        {
            Gradient = Shape(2, 3).Select(s => new GradientCase($"transpose.contiguous.clone {ShapeUtil.Format(s)}", [s], [null], [Domain.Smooth()], x => x[0].Transpose(0, 1).Contiguous().Clone().Exp())),
        },
        new("cat")
        {
            Gradient = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Choose(1, 3).Select(extra =>
            {
                var other = (int[])s.Clone();
                other[d] = extra;
                return new GradientCase($"{ShapeUtil.Format(s)} {ShapeUtil.Format(other)} dim {d}", [s, other], [null, null], [Domain.Smooth(), Domain.Smooth()], x => Torch.Cat(x, d));
            }))),
        },
        new("stack")
        {
            Gradient = Shape(0, 2).SelectMany(s => Gen.Choose(0, s.Length).Select(d =>
                new GradientCase($"2×{ShapeUtil.Format(s)} dim {d}", [s, s], [null, null], [Domain.Smooth(), Domain.Smooth()], x => Torch.Stack(x, d)))),
        },
        new("index_select")
        {
            Gradient = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Rng.Select(rng =>
            {
                var index = Indices(rng, [5], s[d]);
                return new GradientCase($"{ShapeUtil.Format(s)} dim {d}", [s, null], [null, index], [Domain.Smooth(), Domain.Smooth()], x => x[0].IndexSelect(d, x[1]));
            }))),
        },
        new("gather")
        {
            Gradient = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Rng.Select(rng =>
            {
                var shape = (int[])s.Clone();
                shape[d] = 3;
                var index = Indices(rng, shape, s[d]);
                return new GradientCase($"{ShapeUtil.Format(s)} dim {d}", [s, null], [null, index], [Domain.Smooth(), Domain.Smooth()], x => x[0].Gather(d, x[1]));
            }))),
        },
        new("embedding")
        {
            Gradient = Gen.Choose(1, 5).SelectMany(rows => Gen.Choose(1, 3).SelectMany(dim => Rng.Select(rng =>
            {
                var index = Indices(rng, [2, 3], rows);
                // padding_idx deliberately withholds a true gradient, so it may only name a row no index uses
                // (its behaviour is tested directly in GradientFlowTests).
                var unused = Enumerable.Range(0, rows).Except(index.Span<long>().ToArray().Select(i => (int)i)).ToArray();
                int? padding = unused.Length == 0 || rng.Next(2) == 0 ? null : unused[rng.Next(unused.Length)];
                return new GradientCase($"[{rows}, {dim}] padding_idx {padding}", [null, [rows, dim]], [index, null], [Domain.Smooth(), Domain.Smooth()], x => F.Embedding(x[0], x[1], padding));
            }))),
        },
    ];
}
