using FsCheck;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Tensors.Indexing.IndexingGenerators;
using static MiniTorch.Tests.Tensors.Indexing.IndexingReference;

namespace MiniTorch.Tests.Tensors.Indexing;

public class GatherScatterTests
{
    [Property(MaxTest = 200)]
    public Property Gather_MatchesReferenceLoop() =>
        FsCheck.Fluent.Prop.ForAll(ScatterGather(withSource: false, writableSelf: false), c =>
        {
            var got = c.Self.Gather(c.Dim, c.Index);
            var selfShape = c.Self.ShapeArray();
            var self = c.Self.ToDoubleArray();
            var index = c.Index.ToDoubleArray();
            var indexShape = c.Index.ShapeArray();
            var want = new double[index.Length];
            foreach (var p in AllIndices(indexShape))
            {
                var q = (int[])p.Clone();
                q[c.Dim] = (int)index[Flat(p, indexShape)];
                want[Flat(p, indexShape)] = self[Flat(q, selfShape)];
            }
            Assert.Equal(indexShape, got.ShapeArray());
            Assert.Equal(c.Self.DType, got.DType);
            AssertValues(want, got, 0, $"gather of {c}");
        });

    [Property(MaxTest = 200)]
    public Property ScatterAdd_MatchesReferenceLoop_AndLeavesSelfUnchanged() =>
        FsCheck.Fluent.Prop.ForAll(ScatterGather(withSource: true, writableSelf: false), c =>
        {
            var before = c.Self.ToDoubleArray();
            var got = c.Self.ScatterAdd(c.Dim, c.Index, c.Source!);
            Assert.Equal(before, c.Self.ToDoubleArray());
            AssertValues(Reference(c), got, Tolerance(c.Self.DType), $"scatter_add of {c}");
        });

    [Property(MaxTest = 200)]
    public Property ScatterAddInPlace_MatchesReferenceLoop_AndBumpsTheVersion() =>
        FsCheck.Fluent.Prop.ForAll(ScatterGather(withSource: true, writableSelf: true), c =>
        {
            var want = Reference(c);
            int version = c.Self.Storage.Version;
            var result = c.Self.ScatterAddInPlace(c.Dim, c.Index, c.Source!);
            Assert.Same(c.Self, result);
            Assert.True(c.Self.Storage.Version > version);
            AssertValues(want, c.Self, Tolerance(c.Self.DType), $"scatter_add_ of {c}");
        });

    /// <summary>self + source scattered along dim, by a loop over every index position.</summary>
    private static double[] Reference(IndexCase c)
    {
        var selfShape = c.Self.ShapeArray();
        var sourceShape = c.Source!.ShapeArray();
        var indexShape = c.Index.ShapeArray();
        var want = c.Self.ToDoubleArray();
        var source = c.Source.ToDoubleArray();
        var index = c.Index.ToDoubleArray();
        foreach (var p in AllIndices(indexShape))
        {
            var q = (int[])p.Clone();
            q[c.Dim] = (int)index[Flat(p, indexShape)];
            want[Flat(q, selfShape)] += source[Flat(p, sourceShape)];
        }
        return want;
    }

    [Fact]
    public void ScatterAdd_AccumulatesRepeatedIndices()
    {
        var self = TensorData.Zeros(DType.Float32, 3);
        var index = TensorData.FromArray(new long[] { 0, 2, 0, 0 });
        var source = TensorData.FromArray(new[] { 1f, 2f, 3f, 4f });
        Assert.Equal(new double[] { 8, 0, 2 }, self.ScatterAdd(0, index, source).ToDoubleArray());
    }

    [Fact]
    public void Gather_AlongClasses_PicksOneValuePerRow()
    {
        // The cross-entropy pattern: logits [N, C] gathered at the targets [N, 1].
        var logits = TensorData.Arange(12).View(3, 4);
        var targets = TensorData.FromArray(new long[] { 3, 0, 2 }, 3, 1);
        Assert.Equal(new double[] { 3, 4, 10 }, logits.Gather(1, targets).ToDoubleArray());
    }
}
