using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Autograd;

/// <summary>
/// One generated instance of a differentiable op: the float64 inputs' shapes (null where
/// <see cref="Fixed"/> supplies a non-differentiable input, e.g. an index), the value range of
/// each generated input, and the call itself with its attributes already chosen.
/// </summary>
public sealed record OpCase(string Description, int[]?[] Shapes, TensorData?[] Fixed, Gen<double>[] Values, Func<Tensor[], Tensor> Apply)
{
    public override string ToString() => Description;
}

/// <summary>
/// The gradient-check table: every differentiable op with a generator of random shapes and
/// attributes (broadcast shapes for binary ops). Values keep away from the points where an op
/// is not differentiable (relu at 0, clamp at its bounds, log at 0 ...), where central
/// differences and any one-sided derivative must disagree.
/// </summary>
public static class DifferentiableOps
{
    private static Gen<double> Smooth(double range = 2) => Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1_000_000.0 * range);
    private static Gen<double> Positive(double lo = 0.5, double hi = 2.5) => Gen.Choose(0, 1_000_000).Select(i => lo + i / 1_000_000.0 * (hi - lo));
    private static Gen<double> AwayFromZero => Gen.Elements(-1.0, 1.0).SelectMany(sign => Positive(0.3, 2).Select(v => sign * v));

    /// <summary>Continuous values at least 1e-3 from each kink.</summary>
    private static Gen<double> KinkFree(params double[] kinks) =>
        Smooth().Select(v => kinks.Any(k => Math.Abs(v - k) < 1e-3) ? v + 2e-3 : v);

    private static Gen<int[]> Shape(int minRank, int maxRank, int maxDim = 4) =>
        Gen.Choose(minRank, maxRank).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, maxDim), rank));

    /// <summary>A shape that broadcasts against <paramref name="shape"/>: some leading dims dropped, some dims set to 1.</summary>
    private static Gen<int[]> BroadcastPartner(int[] shape) =>
        Gen.Choose(0, shape.Length).SelectMany(drop =>
            Gen.ArrayOf(Gen.Elements(true, false, false), shape.Length - drop).Select(ones =>
                shape.Skip(drop).Select((s, i) => ones[i] ? 1 : s).ToArray()));

    private static Gen<OpCase> Unary(string name, Func<Tensor, Tensor> f, Gen<double>? values = null) =>
        Shape(0, 3).Select(s => new OpCase($"{name} {ShapeUtil.Format(s)}", [s], [null], [values ?? Smooth()], x => f(x[0])));

    private static Gen<OpCase> Binary(string name, Func<Tensor, Tensor, Tensor> f, Gen<double>? a = null, Gen<double>? b = null) =>
        Shape(0, 3).SelectMany(sa => BroadcastPartner(sa).SelectMany(sb => Gen.Elements(true, false).Select(swap =>
        {
            var (s0, s1) = swap ? (sb, sa) : (sa, sb);
            return new OpCase($"{name} {ShapeUtil.Format(s0)} {ShapeUtil.Format(s1)}", [s0, s1], [null, null], [a ?? Smooth(), b ?? Smooth()], x => f(x[0], x[1]));
        })));

    /// <summary>A random subset of dims (null = all) and keepDim.</summary>
    private static Gen<OpCase> Reduction(string name, Func<Tensor, int[]?, bool, Tensor> f, int minRank = 0, Gen<double>? values = null) =>
        Shape(minRank, 3).SelectMany(s => Gen.ArrayOf(Gen.Elements(true, false), s.Length).SelectMany(pick => Gen.Elements(true, false).Select(keep =>
        {
            var dims = Enumerable.Range(0, s.Length).Where(d => pick[d]).Select(d => d - (d % 2) * s.Length).ToArray(); // some negative
            var useDims = dims.Length == 0 ? null : dims;
            return new OpCase($"{name} {ShapeUtil.Format(s)} dims {(useDims == null ? "all" : ShapeUtil.Format(useDims))} keepDim {keep}", [s], [null], [values ?? Smooth()], x => f(x[0], useDims, keep));
        })));

    private static Gen<OpCase> AlongDim(string name, Func<Tensor, int, Tensor> f) =>
        Shape(1, 3).SelectMany(s => Gen.Choose(-s.Length, s.Length - 1).Select(d =>
            new OpCase($"{name} {ShapeUtil.Format(s)} dim {d}", [s], [null], [Smooth()], x => f(x[0], d))));

    private static TensorData Indices(System.Random rng, int[] shape, int bound)
    {
        var values = new long[ShapeUtil.Numel(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = rng.Next(bound);
        return TensorData.FromArray(values, shape);
    }

    private static Gen<System.Random> Rng => Gen.Choose(0, int.MaxValue).Select(seed => new System.Random(seed));

    public static readonly IReadOnlyDictionary<string, Gen<OpCase>> Table = new Dictionary<string, Gen<OpCase>>
    {
        ["neg"] = Unary("neg", x => x.Neg()),
        ["exp"] = Unary("exp", x => x.Exp()),
        ["log"] = Unary("log", x => x.Log(), Positive()),
        ["sqrt"] = Unary("sqrt", x => x.Sqrt(), Positive()),
        ["rsqrt"] = Unary("rsqrt", x => x.Rsqrt(), Positive()),
        ["abs"] = Unary("abs", x => x.Abs(), KinkFree(0)),
        ["tanh"] = Unary("tanh", x => x.Tanh()),
        ["sigmoid"] = Unary("sigmoid", x => x.Sigmoid()),
        ["relu"] = Unary("relu", x => x.Relu(), KinkFree(0)),
        ["silu"] = Unary("silu", x => x.Silu()),
        ["sin"] = Unary("sin", x => x.Sin()),
        ["cos"] = Unary("cos", x => x.Cos()),
        ["reciprocal"] = Unary("reciprocal", x => x.Reciprocal(), AwayFromZero),
        ["gelu"] = Gen.Elements("none", "tanh").SelectMany(a => Unary($"gelu {a}", x => x.Gelu(a))),
        ["leaky_relu"] = Unary("leaky_relu 0.1", x => x.LeakyRelu(0.1), KinkFree(0)),
        ["pow_scalar"] = Gen.Elements(3.0, 0.5, -1.5, 2.0).SelectMany(e => Unary($"pow_scalar {e}", x => x.Pow(e), Positive())),
        ["clamp"] = Unary("clamp [-0.5, 0.7]", x => x.Clamp(-0.5, 0.7), KinkFree(-0.5, 0.7)),
        ["add"] = Binary("add", (a, b) => a + b),
        ["sub"] = Binary("sub", (a, b) => a - b),
        ["mul"] = Binary("mul", (a, b) => a * b),
        ["div"] = Binary("div", (a, b) => a / b, b: AwayFromZero),
        ["maximum"] = Binary("maximum", (a, b) => a.Maximum(b)),
        ["minimum"] = Binary("minimum", (a, b) => a.Minimum(b)),
        ["pow"] = Binary("pow", (a, b) => a.Pow(b), a: Positive()),
        ["scalar_ops"] = Unary("(2 - x)·3 / 4 + 1 - 5 / x", x => (2 - x) * 3 / 4 + 1 - 5 / x, AwayFromZero),
        ["where"] = Shape(0, 3).SelectMany(s => BroadcastPartner(s).SelectMany(sb => Rng.Select(rng =>
        {
            var mask = new bool[ShapeUtil.Numel(s)];
            for (int i = 0; i < mask.Length; i++) mask[i] = rng.Next(2) == 0;
            return new OpCase($"where {ShapeUtil.Format(s)} {ShapeUtil.Format(sb)}", [null, s, sb], [TensorData.FromArray(mask, s), null, null], [Smooth(), Smooth(), Smooth()],
                x => Torch.Where(x[0], x[1], x[2]));
        }))),
        ["sum"] = Reduction("sum", (x, d, k) => x.Sum(d, k)),
        ["mean"] = Reduction("mean", (x, d, k) => x.Mean(d, k)),
        ["amax"] = Reduction("amax", (x, d, k) => x.Amax(d, k)),
        ["amin"] = Reduction("amin", (x, d, k) => x.Amin(d, k)),
        ["var"] = Shape(1, 3, 4).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Elements(0, 1).SelectMany(c => Gen.Elements(true, false).Select(k =>
        {
            var shape = (int[])s.Clone();
            shape[d] = Math.Max(shape[d], 2); // more elements than the correction
            return new OpCase($"var {ShapeUtil.Format(shape)} dim {d} correction {c} keepDim {k}", [shape], [null], [Smooth()], x => x[0].Var([d], c, k));
        })))),
        ["logsumexp"] = Reduction("logsumexp", (x, d, k) => x.LogSumExp(d ?? Enumerable.Range(0, x.Rank).ToArray(), k), minRank: 1),
        ["softmax"] = AlongDim("softmax", (x, d) => x.Softmax(d)),
        ["log_softmax"] = AlongDim("log_softmax", (x, d) => x.LogSoftmax(d)),
        ["max_dim"] = AlongDim("max(dim).values", (x, d) => x.Max(d).Values),
        ["min_dim"] = AlongDim("min(dim, keepDim).values", (x, d) => x.Min(d, keepDim: true).Values),
        ["matmul"] = Gen.Choose(1, 4).SelectMany(m => Gen.Choose(1, 4).SelectMany(k => Gen.Choose(1, 4).SelectMany(n => Gen.Elements(
            (new[] { m, k }, new[] { k, n }), (new[] { k }, new[] { k, n }), (new[] { m, k }, new[] { k }), (new[] { k }, new[] { k }),
            (new[] { 2, m, k }, new[] { 2, k, n }), (new[] { 3, 1, m, k }, new[] { 2, k, n }), (new[] { 2, m, k }, new[] { k, n }), (new[] { k }, new[] { 2, k, n }))
            .Select(p => new OpCase($"matmul {ShapeUtil.Format(p.Item1)} {ShapeUtil.Format(p.Item2)}", [p.Item1, p.Item2], [null, null], [Smooth(), Smooth()], x => x[0].Matmul(x[1])))))),
        ["linear"] = Shape(0, 2).SelectMany(lead => Gen.Choose(1, 4).SelectMany(i => Gen.Choose(1, 4).SelectMany(o => Gen.Elements(true, false).Select(bias =>
            new OpCase($"linear x {ShapeUtil.Format([.. lead, i])} W [{o}, {i}] bias {bias}", bias ? [[.. lead, i], [o, i], [o]] : [[.. lead, i], [o, i]],
                bias ? [null, null, null] : [null, null], [Smooth(), Smooth(), Smooth()], x => F.Linear(x[0], x[1], bias ? x[2] : null)))))),
        ["reshape"] = Shape(0, 3).Select(s => new OpCase($"reshape {ShapeUtil.Format(s)} to [-1]", [s], [null], [Smooth()], x => x[0].Reshape(-1).Mul(x[0].Reshape(-1)))),
        ["transpose"] = Shape(2, 3).Select(s => new OpCase($"transpose {ShapeUtil.Format(s)} (0, -1)", [s], [null], [Smooth()], x => x[0].Transpose(0, -1))),
        ["permute"] = Shape(3, 3).Select(s => new OpCase($"permute {ShapeUtil.Format(s)} (2, 0, 1)", [s], [null], [Smooth()], x => x[0].Permute(2, 0, 1))),
        ["unsqueeze"] = Shape(0, 3).Select(s => new OpCase($"unsqueeze {ShapeUtil.Format(s)} -1", [s], [null], [Smooth()], x => x[0].Unsqueeze(-1).Exp())),
        ["squeeze"] = Shape(1, 3, 2).Select(s => new OpCase($"squeeze {ShapeUtil.Format(s)}", [s], [null], [Smooth()], x => x[0].Squeeze().Exp())),
        ["expand"] = Shape(1, 3).SelectMany(BroadcastPartner).SelectMany(small => Shape(1, 3).Select(big =>
        {
            var target = big.Length >= small.Length ? big : small;
            var shape = target.Select((t, i) => i < target.Length - small.Length ? t : small[i - (target.Length - small.Length)] == 1 ? t : small[i - (target.Length - small.Length)]).ToArray();
            return new OpCase($"expand {ShapeUtil.Format(small)} to {ShapeUtil.Format(shape)}", [small], [null], [Smooth()], x => x[0].Expand(shape).Sin());
        })),
        ["flatten"] = Shape(0, 3).Select(s => new OpCase($"flatten {ShapeUtil.Format(s)}", [s], [null], [Smooth()], x => x[0].Flatten().Exp())),
        ["narrow"] = Shape(1, 3).SelectMany(s => Gen.Choose(0, s[0] - 1).Select(start =>
            new OpCase($"narrow {ShapeUtil.Format(s)} dim 0 start {start}", [s], [null], [Smooth()], x => x[0].Narrow(0, start, s[0] - start).Exp()))),
        ["slice"] = Shape(1, 3, 5).Select(s => new OpCase($"slice {ShapeUtil.Format(s)} dim -1 1::2", [s], [null], [Smooth()], x => x[0].Slice(-1, 1, int.MaxValue, 2).Exp())),
        ["select"] = Shape(1, 3).Select(s => new OpCase($"select {ShapeUtil.Format(s)} dim 0 index -1", [s], [null], [Smooth()], x => x[0].Select(0, -1).Exp())),
        ["contiguous_clone"] = Shape(2, 3).Select(s => new OpCase($"transpose.contiguous.clone {ShapeUtil.Format(s)}", [s], [null], [Smooth()], x => x[0].Transpose(0, 1).Contiguous().Clone().Exp())),
        ["cat"] = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Choose(1, 3).Select(extra =>
        {
            var other = (int[])s.Clone();
            other[d] = extra;
            return new OpCase($"cat {ShapeUtil.Format(s)} {ShapeUtil.Format(other)} dim {d}", [s, other], [null, null], [Smooth(), Smooth()], x => Torch.Cat(x, d));
        }))),
        ["stack"] = Shape(0, 2).SelectMany(s => Gen.Choose(0, s.Length).Select(d =>
            new OpCase($"stack 2×{ShapeUtil.Format(s)} dim {d}", [s, s], [null, null], [Smooth(), Smooth()], x => Torch.Stack(x, d)))),
        ["index_select"] = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Rng.Select(rng =>
        {
            var index = Indices(rng, [5], s[d]);
            return new OpCase($"index_select {ShapeUtil.Format(s)} dim {d}", [s, null], [null, index], [Smooth(), Smooth()], x => x[0].IndexSelect(d, x[1]));
        }))),
        ["gather"] = Shape(1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Rng.Select(rng =>
        {
            var shape = (int[])s.Clone();
            shape[d] = 3;
            var index = Indices(rng, shape, s[d]);
            return new OpCase($"gather {ShapeUtil.Format(s)} dim {d}", [s, null], [null, index], [Smooth(), Smooth()], x => x[0].Gather(d, x[1]));
        }))),
        ["embedding"] = Gen.Choose(1, 5).SelectMany(rows => Gen.Choose(1, 3).SelectMany(dim => Rng.Select(rng =>
        {
            var index = Indices(rng, [2, 3], rows);
            // padding_idx deliberately withholds a true gradient, so it may only name a row no index uses
            // (its behaviour is tested directly in GradientFlowTests).
            var unused = Enumerable.Range(0, rows).Except(index.Span<long>().ToArray().Select(i => (int)i)).ToArray();
            int? padding = unused.Length == 0 || rng.Next(2) == 0 ? null : unused[rng.Next(unused.Length)];
            return new OpCase($"embedding [{rows}, {dim}] padding_idx {padding}", [null, [rows, dim]], [index, null], [Smooth(), Smooth()], x => F.Embedding(x[0], x[1], padding));
        }))),
        ["conv2d"] = Gen.Choose(1, 2).SelectMany(groups => Gen.Choose(1, 2).SelectMany(k => Gen.Choose(1, 2).SelectMany(stride => Gen.Choose(0, 1).SelectMany(pad => Gen.Choose(1, 2).SelectMany(dil => Gen.Elements(true, false).Select(bias =>
        {
            int cin = 2 * groups, cout = 2 * groups;
            int[] x = [2, cin, 6, 7], w = [cout, cin / groups, k, k + 1]; // dilated kernel spans at most 3 x 5
            return new OpCase($"conv2d x {ShapeUtil.Format(x)} w {ShapeUtil.Format(w)} stride {stride} padding {pad} dilation {dil} groups {groups} bias {bias}",
                bias ? [x, w, [cout]] : [x, w], bias ? [null, null, null] : [null, null], [Smooth(), Smooth(), Smooth()],
                t => F.Conv2d(t[0], t[1], bias ? t[2] : null, stride, pad, dil, groups));
        })))))),
        ["max_pool2d"] = Gen.Choose(2, 3).SelectMany(k => Gen.Choose(1, 2).SelectMany(stride => Gen.Choose(0, 1).Select(pad =>
            new OpCase($"max_pool2d [2, 2, 5, 6] kernel {k} stride {stride} padding {pad}", [[2, 2, 5, 6]], [null], [Smooth()], x => F.MaxPool2d(x[0], k, stride, pad))))),
        ["avg_pool2d"] = Gen.Choose(2, 3).SelectMany(k => Gen.Choose(1, 2).SelectMany(stride => Gen.Choose(0, 1).Select(pad =>
            new OpCase($"avg_pool2d [2, 2, 5, 6] kernel {k} stride {stride} padding {pad}", [[2, 2, 5, 6]], [null], [Smooth()], x => F.AvgPool2d(x[0], k, stride, pad))))),
        ["layer_norm"] = Shape(1, 2).SelectMany(norm => Shape(0, 2).SelectMany(lead => Gen.Elements(true, false).Select(affine =>
        {
            var normalized = norm.Select(v => v + 1).ToArray();
            int[] shape = [.. lead, .. normalized];
            return new OpCase($"layer_norm {ShapeUtil.Format(shape)} over {ShapeUtil.Format(normalized)} affine {affine}",
                affine ? [shape, normalized, normalized] : [shape], affine ? [null, null, null] : [null], [Smooth(), Smooth(), Smooth()],
                x => F.LayerNorm(x[0], normalized, affine ? x[1] : null, affine ? x[2] : null).Sin());
        }))),
        ["batch_norm_train"] = Gen.Elements(new[] { 4, 3 }, new[] { 2, 3, 4 }, new[] { 2, 2, 3, 2 }).Select(shape =>
            new OpCase($"batch_norm train {ShapeUtil.Format(shape)}", [shape, [shape[1]], [shape[1]]], [null, null, null], [Smooth(), Smooth(), Smooth()],
                x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true).Sin())),
        ["batch_norm_eval"] = Gen.Elements(new[] { 4, 3 }, new[] { 2, 3, 4 }).Select(shape =>
            new OpCase($"batch_norm eval {ShapeUtil.Format(shape)}", [shape, [shape[1]], [shape[1]]], [null, null, null], [Smooth(), Smooth(), Smooth()],
                x => F.BatchNorm(x[0], Torch.Full([shape[1]], 0.3, DType.Float64), Torch.Full([shape[1]], 1.7, DType.Float64), x[1], x[2], training: false))),
        ["cross_entropy"] = Gen.Choose(1, 4).SelectMany(n => Gen.Choose(2, 5).SelectMany(c => Gen.Elements("none", "mean", "sum").SelectMany(red => Gen.Elements(0.0, 0.2).SelectMany(smooth => Rng.Select(rng =>
        {
            var target = Indices(rng, [n], c);
            if (n > 1) target.Span<long>()[0] = -100; // one ignored row
            return new OpCase($"cross_entropy [{n}, {c}] reduction {red} label_smoothing {smooth}", [[n, c], null], [null, target], [Smooth(), Smooth()],
                x => F.CrossEntropy(x[0], x[1], red, smooth));
        }))))),
        ["cross_entropy_spatial"] = Rng.Select(rng =>
            new OpCase("cross_entropy [2, 3, 2] (class dim 1)", [[2, 3, 2], null], [null, Indices(rng, [2, 2], 3)], [Smooth(), Smooth()], x => F.CrossEntropy(x[0], x[1]))),
        ["nll_loss"] = Gen.Choose(1, 4).SelectMany(n => Gen.Choose(2, 5).SelectMany(c => Gen.Elements("none", "mean", "sum").SelectMany(red => Rng.Select(rng =>
            new OpCase($"nll_loss [{n}, {c}] reduction {red}", [[n, c], null], [null, Indices(rng, [n], c)], [Smooth(), Smooth()], x => F.NllLoss(x[0], x[1], red)))))),
        ["mse_loss"] = Gen.Elements("none", "mean", "sum").SelectMany(red => Binary($"mse_loss {red}", (a, b) => F.MseLoss(a, b, red))),
        ["bce_with_logits"] = Gen.Elements("none", "mean", "sum").SelectMany(red => Binary($"bce_with_logits {red}", (a, b) => F.BinaryCrossEntropyWithLogits(a, b, red))),
        ["dropout_mask"] = Shape(0, 3).SelectMany(s => Rng.Select(rng =>
        {
            var mask = new double[ShapeUtil.Numel(s)];
            for (int i = 0; i < mask.Length; i++) mask[i] = rng.Next(2);
            return new OpCase($"dropout with mask {ShapeUtil.Format(s)} p 0.3", [s, null], [null, TensorData.FromArray(mask, s)], [Smooth(), Smooth()], x => F.DropoutWithMask(x[0], x[1], 0.3));
        })),
    };
}
