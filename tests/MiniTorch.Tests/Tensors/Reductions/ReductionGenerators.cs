using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Reductions;

/// <summary>One reduction input: a (deliberately strided) tensor, the dims to reduce and keepDim.</summary>
public sealed record ReductionCase(TensorData X, int[]? Dims, bool KeepDim)
{
    public override string ToString() =>
        $"{X.DType.Name()} shape {ShapeUtil.Format(X.Shape)} strides {ShapeUtil.Format(X.Strides)} dims {(Dims == null ? "null" : ShapeUtil.Format(Dims))} keepDim {KeepDim} values [{string.Join(", ", X.ToDoubleArray())}]";
}

/// <summary>One single-dim input (max/min with indices, softmax): a strided tensor, a dim and keepDim.</summary>
public sealed record DimCase(TensorData X, int Dim, bool KeepDim)
{
    public override string ToString() =>
        $"{X.DType.Name()} shape {ShapeUtil.Format(X.Shape)} strides {ShapeUtil.Format(X.Strides)} dim {Dim} keepDim {KeepDim} values [{string.Join(", ", X.ToDoubleArray())}]";
}

/// <summary>Generators of reduction inputs: deliberately strided tensors, dim lists (some negative) and keepDim.</summary>
public static class ReductionGenerators
{
    /// <summary>Mostly finite values with NaN and ±inf mixed in.</summary>
    public static Gen<double> ValueWithSpecials() =>
        Gen.Frequency(
            (12, Generators.Value()),
            (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    /// <summary>A dim list for a tensor of <paramref name="rank"/>: null, or a random subset in random order, some dims negative.</summary>
    public static Gen<int[]?> Dims(int rank)
    {
        var subset = Gen.ArrayOf(Gen.Elements(true, false), rank).SelectMany(pick =>
        {
            var chosen = Enumerable.Range(0, rank).Where(d => pick[d]).ToArray();
            if (rank == 0) chosen = [0];
            return Gen.Shuffle(chosen).SelectMany(order =>
                Gen.ArrayOf(Gen.Elements(true, false), order.Length).Select(neg =>
                    (int[]?)order.Select((d, i) => neg[i] ? d - Math.Max(rank, 1) : d).ToArray()));
        });
        return Gen.Frequency((1, Gen.Constant<int[]?>(null)), (5, subset));
    }

    public static Gen<DType> FloatDType() => Gen.Elements(DType.Float32, DType.Float64);

    /// <summary>Values for <paramref name="dtype"/>: with NaN and ±inf when asked and the dtype can hold them.</summary>
    public static Gen<double> Values(DType dtype, bool specials) =>
        specials && dtype != DType.Int64 ? ValueWithSpecials() : Generators.Value();

    public static Arbitrary<ReductionCase> Cases(Gen<DType> dtype, bool specials = false, int maxRank = 4, int maxDim = 5) =>
        dtype.SelectMany(dt => Generators.Shape(maxRank, maxDim).SelectMany(shape =>
            Generators.StridedTensor(shape, dt, Values(dt, specials)).SelectMany(x =>
                Dims(shape.Length).SelectMany(dims =>
                    Gen.Elements(true, false).Select(keep => new ReductionCase(x, dims, keep))))))
        .ToArbitrary();

    public static Arbitrary<DimCase> DimCases(Gen<DType> dtype, bool specials = false, int maxRank = 4, int maxDim = 5) =>
        dtype.SelectMany(dt => Generators.Shape(maxRank, maxDim).SelectMany(shape =>
            Generators.StridedTensor(shape, dt, Values(dt, specials)).SelectMany(x =>
                Gen.Choose(-Math.Max(shape.Length, 1), Math.Max(shape.Length, 1) - 1).SelectMany(dim =>
                    Gen.Elements(true, false).Select(keep => new DimCase(x, dim, keep))))))
        .ToArbitrary();
}
