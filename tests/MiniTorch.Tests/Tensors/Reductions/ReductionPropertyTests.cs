using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Reductions.ReductionGenerators;
using static MiniTorch.Tests.Tensors.Reductions.ReductionReference;

namespace MiniTorch.Tests.Tensors.Reductions;

/// <summary>
/// Every reduction of the op table over random shapes (rank 0..4, zero-size dims included), random
/// dim sets and keepDim, on strided inputs, against a double-precision reference walk over the
/// elements; and max/min with indices, argmax/argmin, against the first-occurrence rule.
/// </summary>
public class ReductionPropertyTests
{
    private static readonly Gen<DType> AnyDType = Gen.Elements(DType.Float32, DType.Float64, DType.Int64);

    public static IEnumerable<TheoryDataRow<string>> Reductions() =>
        OpTable.All.Where(op => op.Reduction != null).Select(op => new TheoryDataRow<string>(op.Name) { TestDisplayName = $"{op.Name} on strided inputs matches its reference over every group" });

    [Theory]
    [MemberData(nameof(Reductions))]
    public void Reduction_OnStridedInputs_MatchesItsReferenceOverEveryGroup(string op)
    {
        var reduction = OpTable.Get(op).Reduction!;
        var property = Prop.ForAll(Cases(Gen.Elements(reduction.DTypes.ToArray()), reduction.Specials), c =>
        {
            var mask = Mask(c.X.Rank, c.Dims);
            if (reduction.RejectsEmpty && Enumerable.Range(0, c.X.Rank).Any(d => mask[d] && c.X.Shape[d] == 0))
            {
                var e = Assert.Throws<ArgumentException>(() => reduction.Apply(c.X, c.Dims, c.KeepDim));
                Assert.Contains("non-zero size", e.Message);
                return;
            }
            var groups = Groups(c.X, mask);
            var got = reduction.Apply(c.X, c.Dims, c.KeepDim);
            Assert.Equal(c.X.DType, got.DType);
            Assert.Equal(OutputShape(c.X.ShapeArray(), mask, c.KeepDim), got.ShapeArray());
            AssertClose(groups.Select(reduction.Reference).ToArray(), got, i => reduction.Tolerance(groups[i], c.X.DType), $"{op} of {c}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), property);
    }

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
}
