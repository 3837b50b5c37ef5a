using FsCheck;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Tensors.Indexing.IndexingGenerators;
using static MiniTorch.Tests.Tensors.Indexing.IndexingReference;

namespace MiniTorch.Tests.Tensors.Indexing;

public class IndexSelectTests
{
    [Property(MaxTest = 200)]
    public Property IndexSelect_MatchesReferenceLoop() =>
        FsCheck.Fluent.Prop.ForAll(VectorIndex(withSource: false), c =>
        {
            var got = c.Self.IndexSelect(c.Dim, c.Index);
            var selfShape = c.Self.ShapeArray();
            var self = c.Self.ToDoubleArray();
            var index = c.Index.ToDoubleArray();
            var outShape = (int[])selfShape.Clone();
            outShape[c.Dim] = index.Length;
            var want = new double[outShape.Aggregate(1, (a, b) => a * b)];
            foreach (var p in AllIndices(outShape))
            {
                var q = (int[])p.Clone();
                q[c.Dim] = (int)index[p[c.Dim]];
                want[Flat(p, outShape)] = self[Flat(q, selfShape)];
            }
            Assert.Equal(outShape, got.ShapeArray());
            AssertValues(want, got, 0, $"index_select of {c}");
        });

    [Property(MaxTest = 200)]
    public Property IndexAddInPlace_MatchesReferenceLoop_AndBumpsTheVersion() =>
        FsCheck.Fluent.Prop.ForAll(VectorIndex(withSource: true), c =>
        {
            var selfShape = c.Self.ShapeArray();
            var sourceShape = c.Source!.ShapeArray();
            var want = c.Self.ToDoubleArray();
            var source = c.Source.ToDoubleArray();
            var index = c.Index.ToDoubleArray();
            foreach (var p in AllIndices(sourceShape))
            {
                var q = (int[])p.Clone();
                q[c.Dim] = (int)index[p[c.Dim]];
                want[Flat(q, selfShape)] += source[Flat(p, sourceShape)];
            }
            int version = c.Self.Storage.Version;
            Assert.Same(c.Self, c.Self.IndexAddInPlace(c.Dim, c.Index, c.Source));
            Assert.True(c.Self.Storage.Version > version);
            AssertValues(want, c.Self, Tolerance(c.Self.DType), $"index_add_ of {c}");
        });

    [Fact]
    public void IndexSelect_WithZeroDimIndex_KeepsTheDimWithSizeOne()
    {
        var x = TensorData.Arange(6).View(2, 3);
        var r = x.IndexSelect(1, TensorData.FromArray(new long[] { 2 }, []));
        Assert.Equal(new[] { 2, 1 }, r.ShapeArray());
        Assert.Equal(new double[] { 2, 5 }, r.ToDoubleArray());
    }

    [Fact]
    public void IndexAddInPlace_IsTheEmbeddingBackward_WithRepeatedRowsAccumulating()
    {
        var weightGrad = TensorData.Zeros(DType.Float32, 4, 2);
        var tokens = TensorData.FromArray(new long[] { 1, 3, 1 });
        var rows = TensorData.FromArray(new[] { 1f, 2f, 10f, 20f, 100f, 200f }, 3, 2);
        weightGrad.IndexAddInPlace(0, tokens, rows);
        Assert.Equal(new double[] { 0, 0, 101, 202, 0, 0, 10, 20 }, weightGrad.ToDoubleArray());
    }
}
