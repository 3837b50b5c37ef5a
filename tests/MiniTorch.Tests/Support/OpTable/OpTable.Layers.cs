using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Support.GradientCases;

namespace MiniTorch.Tests.Support;

/// <summary>The ops behind the layers: matrix products, convolution, pooling, normalization, losses and dropout.</summary>
public static partial class OpTable
{
    private static Op[] Layers() =>
    [
        new("matmul")
        {
            Gradient = Gen.Choose(1, 4).SelectMany(m => Gen.Choose(1, 4).SelectMany(k => Gen.Choose(1, 4).SelectMany(n => Gen.Elements(
                (new[] { m, k }, new[] { k, n }), (new[] { k }, new[] { k, n }), (new[] { m, k }, new[] { k }), (new[] { k }, new[] { k }),
                (new[] { 2, m, k }, new[] { 2, k, n }), (new[] { 3, 1, m, k }, new[] { 2, k, n }), (new[] { 2, m, k }, new[] { k, n }), (new[] { k }, new[] { 2, k, n }))
                .Select(p => new GradientCase($"{ShapeUtil.Format(p.Item1)} {ShapeUtil.Format(p.Item2)}", [p.Item1, p.Item2], [null, null], [Domain.Smooth(), Domain.Smooth()], x => x[0].Matmul(x[1])))))),
        },
        new("linear")
        {
            Gradient = Shape(0, 2).SelectMany(lead => Gen.Choose(1, 4).SelectMany(i => Gen.Choose(1, 4).SelectMany(o => Gen.Elements(true, false).Select(bias =>
                new GradientCase($"x {ShapeUtil.Format([.. lead, i])} W [{o}, {i}] bias {bias}", bias ? [[.. lead, i], [o, i], [o]] : [[.. lead, i], [o, i]],
                    bias ? [null, null, null] : [null, null], [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()], x => F.Linear(x[0], x[1], bias ? x[2] : null)))))),
        },
        new("conv2d")
        {
            Gradient = Gen.Choose(1, 2).SelectMany(groups => Gen.Choose(1, 2).SelectMany(k => Gen.Choose(1, 2).SelectMany(stride => Gen.Choose(0, 1).SelectMany(pad => Gen.Choose(1, 2).SelectMany(dil => Gen.Elements(true, false).Select(bias =>
            {
                int cin = 2 * groups, cout = 2 * groups;
                int[] x = [2, cin, 6, 7], w = [cout, cin / groups, k, k + 1]; // dilated kernel spans at most 3 x 5
                return new GradientCase($"x {ShapeUtil.Format(x)} w {ShapeUtil.Format(w)} stride {stride} padding {pad} dilation {dil} groups {groups} bias {bias}",
                    bias ? [x, w, [cout]] : [x, w], bias ? [null, null, null] : [null, null], [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()],
                    t => F.Conv2d(t[0], t[1], bias ? t[2] : null, stride, pad, dil, groups));
            })))))),
        },
        new("max_pool2d") { Gradient = Pool2d((x, k, stride, pad) => F.MaxPool2d(x, k, stride, pad)) },
        new("avg_pool2d") { Gradient = Pool2d((x, k, stride, pad) => F.AvgPool2d(x, k, stride, pad)) },
        new("layer_norm")
        {
            Gradient = Shape(1, 2).SelectMany(norm => Shape(0, 2).SelectMany(lead => Gen.Elements(true, false).Select(affine =>
            {
                var normalized = norm.Select(v => v + 1).ToArray();
                int[] shape = [.. lead, .. normalized];
                return new GradientCase($"{ShapeUtil.Format(shape)} over {ShapeUtil.Format(normalized)} affine {affine}",
                    affine ? [shape, normalized, normalized] : [shape], affine ? [null, null, null] : [null], [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()],
                    x => F.LayerNorm(x[0], normalized, affine ? x[1] : null, affine ? x[2] : null).Sin());
            }))),
        },
        new("batch_norm_train")
        {
            Gradient = Gen.Elements(new[] { 4, 3 }, new[] { 2, 3, 4 }, new[] { 2, 2, 3, 2 }).Select(shape =>
                new GradientCase(ShapeUtil.Format(shape), [shape, [shape[1]], [shape[1]]], [null, null, null], [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()],
                    x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true).Sin())),
        },
        new("batch_norm_eval")
        {
            Gradient = Gen.Elements(new[] { 4, 3 }, new[] { 2, 3, 4 }).Select(shape =>
                new GradientCase(ShapeUtil.Format(shape), [shape, [shape[1]], [shape[1]]], [null, null, null], [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()],
                    x => F.BatchNorm(x[0], Torch.Full([shape[1]], 0.3, DType.Float64), Torch.Full([shape[1]], 1.7, DType.Float64), x[1], x[2], training: false))),
        },
        new("cross_entropy")
        {
            Gradient = Gen.Choose(1, 4).SelectMany(n => Gen.Choose(2, 5).SelectMany(c => LossReductions.SelectMany(red => Gen.Elements(0.0, 0.2).SelectMany(smooth => Rng.Select(rng =>
            {
                var target = Indices(rng, [n], c);
                if (n > 1) target.Span<long>()[0] = -100; // one ignored row
                return new GradientCase($"[{n}, {c}] reduction {red} label_smoothing {smooth}", [[n, c], null], [null, target], [Domain.Smooth(), Domain.Smooth()],
                    x => F.CrossEntropy(x[0], x[1], red, smooth));
            }))))),
        },
        new("cross_entropy_spatial")
        {
            Gradient = Rng.Select(rng =>
                new GradientCase("[2, 3, 2] (class dim 1)", [[2, 3, 2], null], [null, Indices(rng, [2, 2], 3)], [Domain.Smooth(), Domain.Smooth()], x => F.CrossEntropy(x[0], x[1]))),
        },
        new("nll_loss")
        {
            Gradient = Gen.Choose(1, 4).SelectMany(n => Gen.Choose(2, 5).SelectMany(c => LossReductions.SelectMany(red => Rng.Select(rng =>
                new GradientCase($"[{n}, {c}] reduction {red}", [[n, c], null], [null, Indices(rng, [n], c)], [Domain.Smooth(), Domain.Smooth()], x => F.NllLoss(x[0], x[1], red)))))),
        },
        new("mse_loss") { Gradient = LossReductions.SelectMany(red => Binary((a, b) => F.MseLoss(a, b, red), attributes: $"reduction {red}")) },
        new("bce_with_logits") { Gradient = LossReductions.SelectMany(red => Binary((a, b) => F.BinaryCrossEntropyWithLogits(a, b, red), attributes: $"reduction {red}")) },
        new("dropout_mask")
        {
            Gradient = Shape(0, 3).SelectMany(s => Rng.Select(rng =>
            {
                var mask = new double[ShapeUtil.Numel(s)];
                for (int i = 0; i < mask.Length; i++) mask[i] = rng.Next(2);
                return new GradientCase($"{ShapeUtil.Format(s)} p 0.3", [s, null], [null, TensorData.FromArray(mask, s)], [Domain.Smooth(), Domain.Smooth()], x => F.DropoutWithMask(x[0], x[1], 0.3));
            })),
        },
    ];

    /// <summary>The three loss reductions.</summary>
    private static Gen<string> LossReductions => Gen.Elements("none", "mean", "sum");

    /// <summary>2-d pooling of a [2, 2, 5, 6] input with kernel 2..3, stride 1..2, padding 0..1.</summary>
    private static Gen<GradientCase> Pool2d(Func<Tensor, int, int, int, Tensor> pool) =>
        Gen.Choose(2, 3).SelectMany(k => Gen.Choose(1, 2).SelectMany(stride => Gen.Choose(0, 1).Select(pad =>
            new GradientCase($"[2, 2, 5, 6] kernel {k} stride {stride} padding {pad}", [[2, 2, 5, 6]], [null], [Domain.Smooth()], x => pool(x[0], k, stride, pad)))));
}
