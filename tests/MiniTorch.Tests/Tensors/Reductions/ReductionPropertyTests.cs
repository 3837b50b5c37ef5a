using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Tensors.Reductions.ReductionCases;

namespace MiniTorch.Tests.Tensors.Reductions;

/// <summary>
/// Every reduction over random shapes (rank 0..4, zero-size dims included), random dim sets and
/// keepDim, on strided inputs, against a double-precision reference walk over the elements.
/// </summary>
public class ReductionPropertyTests
{
    private static readonly Gen<DType> AnyDType = Gen.Elements(DType.Float32, DType.Float64, DType.Int64);

    /// <summary>Sums of float values must lie within n * eps * sum|x| of the exact sum.</summary>
    private static double SumTolerance(double[] g, DType dtype) =>
        dtype == DType.Int64 ? 0 : Math.Max(g.Length, 1) * Eps(dtype) * AbsSumOf(g) + double.Epsilon;

    [Property(MaxTest = 300)]
    public Property Sum_MatchesReference() =>
        Prop.ForAll(Cases(AnyDType, specials: true), c =>
        {
            var got = c.X.Sum(c.Dims, c.KeepDim);
            var mask = Mask(c.X.Rank, c.Dims);
            var groups = Groups(c.X, mask);
            Assert.Equal(c.X.DType, got.DType);
            Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), got.ShapeArray());
            AssertClose(groups.Select(SumOf).ToArray(), got, i => SumTolerance(groups[i], c.X.DType), $"sum of {c}");
        });

    [Property(MaxTest = 200)]
    public Property Mean_MatchesReference_AndIsNaNForEmptyReductions() =>
        Prop.ForAll(Cases(FloatDType()), c =>
        {
            var got = c.X.Mean(c.Dims, c.KeepDim);
            var mask = Mask(c.X.Rank, c.Dims);
            var groups = Groups(c.X, mask);
            Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), got.ShapeArray());
            AssertClose(groups.Select(g => SumOf(g) / g.Length).ToArray(), got,
                i => 2 * SumTolerance(groups[i], c.X.DType) / Math.Max(groups[i].Length, 1), $"mean of {c}");
        });

    [Property(MaxTest = 300)]
    public Property AmaxAndAmin_MatchReference_PropagateNaN_AndRejectEmptyReductions() =>
        Prop.ForAll(Cases(AnyDType, specials: true), c =>
        {
            var mask = Mask(c.X.Rank, c.Dims);
            bool emptyReduction = Enumerable.Range(0, c.X.Rank).Any(d => mask[d] && c.X.Shape[d] == 0);
            if (emptyReduction)
            {
                var e = Assert.Throws<ArgumentException>(() => c.X.Amax(c.Dims, c.KeepDim));
                Assert.Contains("non-zero size", e.Message);
                Assert.Throws<ArgumentException>(() => c.X.Amin(c.Dims, c.KeepDim));
                return;
            }
            var groups = Groups(c.X, mask);
            var max = c.X.Amax(c.Dims, c.KeepDim);
            var min = c.X.Amin(c.Dims, c.KeepDim);
            Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), max.ShapeArray());
            Assert.Equal(c.X.DType, max.DType);
            AssertClose(groups.Select(MaxOf).ToArray(), max, _ => 0, $"amax of {c}");
            AssertClose(groups.Select(MinOf).ToArray(), min, _ => 0, $"amin of {c}");
        });

    [Property(MaxTest = 300)]
    public Property MaxAndMinWithIndices_MatchFirstOccurrenceReference() =>
        Prop.ForAll(DimCases(AnyDType, specials: true), c =>
        {
            int size = c.X.Rank == 0 ? 1 : c.X.Shape[c.Dim < 0 ? c.Dim + c.X.Rank : c.Dim];
            if (size == 0)
            {
                var e = Assert.Throws<ArgumentException>(() => c.X.Max(c.Dim, c.KeepDim));
                Assert.Contains("non-zero size", e.Message);
                Assert.Throws<ArgumentException>(() => c.X.ArgMin(c.Dim, c.KeepDim));
                return;
            }
            var rows = Rows(c.X, c.Dim);
            foreach (bool largest in new[] { true, false })
            {
                var (values, indices) = largest ? c.X.Max(c.Dim, c.KeepDim) : c.X.Min(c.Dim, c.KeepDim);
                var arg = largest ? c.X.ArgMax(c.Dim, c.KeepDim) : c.X.ArgMin(c.Dim, c.KeepDim);
                var want = rows.Select(r => Extreme(r, largest)).ToArray();
                Assert.Equal(DType.Int64, indices.DType);
                Assert.Equal(indices.ShapeArray(), values.ShapeArray());
                Assert.Equal(want.Select(w => (double)w.Index).ToArray(), indices.ToDoubleArray());
                Assert.Equal(want.Select(w => (double)w.Index).ToArray(), arg.ToDoubleArray());
                AssertClose(want.Select(w => w.Value).ToArray(), values, _ => 0, $"{(largest ? "max" : "min")} of {c}");
            }
        });

    [Property(MaxTest = 200)]
    public Property ArgMaxWithoutDim_IndexesTheFlattenedTensor() =>
        Prop.ForAll(Cases(AnyDType, specials: true), c =>
        {
            if (c.X.Numel == 0)
            {
                Assert.Contains("numel() == 0", Assert.Throws<ArgumentException>(() => c.X.ArgMax()).Message);
                return;
            }
            var flat = c.X.ToDoubleArray();
            var got = c.X.ArgMax(null, c.KeepDim);
            Assert.Equal(c.KeepDim ? Enumerable.Repeat(1, c.X.Rank).ToArray() : [], got.ShapeArray());
            Assert.Equal(Extreme(flat, true).Index, (long)got.Item());
            Assert.Equal(Extreme(flat, false).Index, (long)c.X.ArgMin(null, c.KeepDim).Item());
        });

    [Property(MaxTest = 200)]
    public Property Var_WithCorrectionZeroAndOne_MatchesTwoPassReference() =>
        Prop.ForAll(Cases(FloatDType()), c =>
        {
            var mask = Mask(c.X.Rank, c.Dims);
            var groups = Groups(c.X, mask);
            foreach (int correction in new[] { 0, 1 })
            {
                var got = c.X.Var(c.Dims, correction, c.KeepDim);
                Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), got.ShapeArray());
                AssertClose(groups.Select(g => VarOf(g, correction)).ToArray(), got, i =>
                {
                    var g = groups[i];
                    double n = Math.Max(g.Length, 1), eps = Eps(c.X.DType), scale = g.Select(Math.Abs).DefaultIfEmpty(0).Max();
                    double meanError = 4 * n * eps * scale;
                    return (8 * n * eps * VarOf(g, 0) * n + n * meanError * meanError) / Math.Max(1, g.Length - correction) + 1e-300;
                }, $"var(correction {correction}) of {c}");
            }
        });

    [Property(MaxTest = 200)]
    public Property LogSumExp_MatchesShiftedReference_IncludingInfinities() =>
        Prop.ForAll(Cases(FloatDType(), specials: true), c =>
        {
            var dims = c.Dims ?? [];
            var mask = Mask(c.X.Rank, dims);
            var groups = Groups(c.X, mask);
            var got = c.X.LogSumExp(dims, c.KeepDim);
            Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), got.ShapeArray());
            double eps = Eps(c.X.DType);
            AssertClose(groups.Select(LogSumExpOf).ToArray(), got,
                i => 8 * (groups[i].Length + 1) * eps * (1 + Math.Abs(LogSumExpOf(groups[i]))), $"logsumexp of {c}");
        });
}
