using FsCheck.Fluent;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>Comparisons (tensor-tensor and tensor-scalar) and where.</summary>
public static partial class OpTable
{
    private static Op[] Comparisons() =>
    [
        new("eq") { Forward = Forward.Binary((a, b) => a.Eq(b), int64: true) },
        new("ne") { Forward = Forward.Binary((a, b) => a.Ne(b), int64: true) },
        new("lt") { Forward = Forward.Binary((a, b) => a.Lt(b), int64: true) },
        new("le") { Forward = Forward.Binary((a, b) => a.Le(b), int64: true) },
        new("gt") { Forward = Forward.Binary((a, b) => a.Gt(b), int64: true) },
        new("ge") { Forward = Forward.Binary((a, b) => a.Ge(b), int64: true) },
        new("eq_scalar") { Forward = Forward.Unary(x => x.Eq(0), int64: true) },
        new("ne_scalar") { Forward = Forward.Unary(x => x.Ne(0), int64: true) },
        new("lt_scalar") { Forward = Forward.Unary(x => x.Lt(0.5), int64: true) },
        new("le_scalar") { Forward = Forward.Unary(x => x.Le(0.5), int64: true) },
        new("gt_scalar") { Forward = Forward.Unary(x => x.Gt(-0.5), int64: true) },
        new("ge_scalar") { Forward = Forward.Unary(x => x.Ge(-0.5), int64: true) },
        new("where")
        {
            Forward = Forward.Binary((a, b) => TensorData.Where(a.Gt(b.Neg()), a, b), int64: true),
            Gradient = GradientCases.Shape(0, 3).SelectMany(s => GradientCases.BroadcastPartner(s).SelectMany(sb => GradientCases.Rng.Select(rng =>
            {
                var mask = new bool[ShapeUtil.Numel(s)];
                for (int i = 0; i < mask.Length; i++) mask[i] = rng.Next(2) == 0;
                return new GradientCase($"{ShapeUtil.Format(s)} {ShapeUtil.Format(sb)}", [null, s, sb], [TensorData.FromArray(mask, s), null, null],
                    [Domain.Smooth(), Domain.Smooth(), Domain.Smooth()], x => Torch.Where(x[0], x[1], x[2]));
            }))),
        },
    ];
}
