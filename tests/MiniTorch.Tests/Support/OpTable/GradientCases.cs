using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>
/// One generated float64 instance of a differentiable op: its inputs' shapes (null where
/// <see cref="Fixed"/> supplies a non-differentiable input, e.g. an index), the value range of
/// each generated input, and the call itself with its attributes already chosen.
/// <see cref="Description"/> names the shapes and attributes; the op's name is its row's.
/// </summary>
public sealed record GradientCase(string Description, int[]?[] Shapes, TensorData?[] Fixed, Gen<double>[] Values, Func<Tensor[], Tensor> Apply)
{
    public override string ToString() => Description;
}

/// <summary>
/// Builders of <see cref="Op.Gradient"/> generators for the common op shapes: random shapes
/// (broadcasting pairs for binary ops), random dim sets for reductions.
/// </summary>
public static class GradientCases
{
    public static Gen<int[]> Shape(int minRank, int maxRank, int maxDim = 4) =>
        Gen.Choose(minRank, maxRank).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, maxDim), rank));

    /// <summary>A shape that broadcasts against <paramref name="shape"/>: some leading dims dropped, some dims set to 1.</summary>
    public static Gen<int[]> BroadcastPartner(int[] shape) =>
        Gen.Choose(0, shape.Length).SelectMany(drop =>
            Gen.ArrayOf(Gen.Elements(true, false, false), shape.Length - drop).Select(ones =>
                shape.Skip(drop).Select((s, i) => ones[i] ? 1 : s).ToArray()));

    /// <summary>A one-input case on a random shape of rank 0..3; <paramref name="attributes"/> heads the description.</summary>
    public static Gen<GradientCase> Unary(Func<Tensor, Tensor> f, Gen<double>? values = null, string? attributes = null) =>
        Shape(0, 3).Select(s => new GradientCase(Join(attributes, ShapeUtil.Format(s)), [s], [null], [values ?? Domain.Smooth()], x => f(x[0])));

    /// <summary>A two-input case on a random broadcasting shape pair, in either order.</summary>
    public static Gen<GradientCase> Binary(Func<Tensor, Tensor, Tensor> f, Gen<double>? a = null, Gen<double>? b = null, string? attributes = null) =>
        Shape(0, 3).SelectMany(sa => BroadcastPartner(sa).SelectMany(sb => Gen.Elements(true, false).Select(swap =>
        {
            var (s0, s1) = swap ? (sb, sa) : (sa, sb);
            return new GradientCase(Join(attributes, $"{ShapeUtil.Format(s0)} {ShapeUtil.Format(s1)}"), [s0, s1], [null, null], [a ?? Domain.Smooth(), b ?? Domain.Smooth()], x => f(x[0], x[1]));
        })));

    /// <summary>A reduction over a random subset of dims (null = all), some given negative, with or without keepDim.</summary>
    public static Gen<GradientCase> Reduction(Func<Tensor, int[]?, bool, Tensor> f, int minRank = 0) =>
        Shape(minRank, 3).SelectMany(s => Gen.ArrayOf(Gen.Elements(true, false), s.Length).SelectMany(pick => Gen.Elements(true, false).Select(keep =>
        {
            var dims = Enumerable.Range(0, s.Length).Where(d => pick[d]).Select(d => d - (d % 2) * s.Length).ToArray();
            var useDims = dims.Length == 0 ? null : dims;
            return new GradientCase($"{ShapeUtil.Format(s)} dims {(useDims == null ? "all" : ShapeUtil.Format(useDims))} keepDim {keep}", [s], [null], [Domain.Smooth()], x => f(x[0], useDims, keep));
        })));

    /// <summary>An op along one random dim (some given negative) of a tensor of rank 1..3.</summary>
    public static Gen<GradientCase> AlongDim(Func<Tensor, int, Tensor> f) =>
        Shape(1, 3).SelectMany(s => Gen.Choose(-s.Length, s.Length - 1).Select(d =>
            new GradientCase($"{ShapeUtil.Format(s)} dim {d}", [s], [null], [Domain.Smooth()], x => f(x[0], d))));

    /// <summary>An int64 tensor of <paramref name="shape"/> with values in [0, bound).</summary>
    public static TensorData Indices(System.Random rng, int[] shape, int bound)
    {
        var values = new long[ShapeUtil.Numel(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = rng.Next(bound);
        return TensorData.FromArray(values, shape);
    }

    /// <summary>A seeded random source, for inputs FsCheck does not shrink (indices, masks).</summary>
    public static Gen<System.Random> Rng => Gen.Choose(0, int.MaxValue).Select(seed => new System.Random(seed));

    private static string Join(string? attributes, string shapes) => attributes is null ? shapes : $"{attributes} {shapes}";
}

/// <summary>
/// Input domains for gradient checks. Values keep away from the points where an op is not
/// differentiable (relu at 0, clamp at its bounds, log at 0 ...), where central differences and
/// any one-sided derivative must disagree.
/// </summary>
public static class Domain
{
    public static Gen<double> Smooth(double range = 2) => Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1_000_000.0 * range);

    public static Gen<double> Positive(double lo = 0.5, double hi = 2.5) => Gen.Choose(0, 1_000_000).Select(i => lo + i / 1_000_000.0 * (hi - lo));

    public static Gen<double> AwayFromZero => Gen.Elements(-1.0, 1.0).SelectMany(sign => Positive(0.3, 2).Select(v => sign * v));

    /// <summary>Continuous values at least 1e-3 from each kink.</summary>
    public static Gen<double> KinkFree(params double[] kinks) =>
        Smooth().Select(v => kinks.Any(k => Math.Abs(v - k) < 1e-3) ? v + 2e-3 : v);
}
