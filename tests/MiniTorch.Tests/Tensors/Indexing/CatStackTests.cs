using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Indexing.IndexingGenerators;
using static MiniTorch.Tests.Tensors.Indexing.IndexingReference;

namespace MiniTorch.Tests.Tensors.Indexing;

public class CatStackTests
{
    public sealed record JoinCase(TensorData[] Tensors, int Dim)
    {
        public override string ToString() => $"dim {Dim}: " + string.Join("; ", Tensors.Select(IndexCase.Describe));
    }

    private static Arbitrary<JoinCase> CatCases() =>
        Generators.Shape(3, 4).Where(s => s.Length > 0).SelectMany(shape =>
            Gen.Choose(-shape.Length, shape.Length - 1).SelectMany(dim =>
                Gen.Choose(1, 4).SelectMany(count =>
                    Gen.ArrayOf(Gen.Choose(0, 4), count).SelectMany(sizes =>
                        Gen.CollectToArray(sizes.Select(n =>
                        {
                            var s = (int[])shape.Clone();
                            s[dim < 0 ? dim + shape.Length : dim] = n;
                            return Generators.StridedTensor(s, DType.Float32);
                        })).Select(ts => new JoinCase(ts, dim))))))
        .ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Cat_MatchesReferenceLoop() =>
        Prop.ForAll(CatCases(), c =>
        {
            var got = TensorData.Cat(c.Tensors, c.Dim);
            int rank = c.Tensors[0].Rank, d = c.Dim < 0 ? c.Dim + rank : c.Dim;
            var outShape = c.Tensors[0].ShapeArray();
            outShape[d] = c.Tensors.Sum(t => t.Shape[d]);
            var want = new double[outShape.Aggregate(1, (a, b) => a * b)];
            var values = c.Tensors.Select(t => t.ToDoubleArray()).ToArray();
            foreach (var p in AllIndices(outShape))
            {
                int k = 0, local = p[d];
                while (local >= c.Tensors[k].Shape[d]) { local -= c.Tensors[k].Shape[d]; k++; }
                var q = (int[])p.Clone();
                q[d] = local;
                want[Flat(p, outShape)] = values[k][Flat(q, c.Tensors[k].ShapeArray())];
            }
            Assert.Equal(outShape, got.ShapeArray());
            AssertValues(want, got, 0, $"cat of {c}");
        });

    private static Arbitrary<JoinCase> StackCases() =>
        Generators.Shape(3, 4).SelectMany(shape =>
            Gen.Choose(-(shape.Length + 1), shape.Length).SelectMany(dim =>
                Gen.Choose(1, 4).SelectMany(count =>
                    Gen.ArrayOf(Generators.StridedTensor(shape, DType.Float64), count).Select(ts => new JoinCase(ts, dim)))))
        .ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Stack_MatchesReferenceLoop() =>
        Prop.ForAll(StackCases(), c =>
        {
            var got = TensorData.Stack(c.Tensors, c.Dim);
            int rank = c.Tensors[0].Rank, d = c.Dim < 0 ? c.Dim + rank + 1 : c.Dim;
            var inner = c.Tensors[0].ShapeArray();
            var outShape = inner.Take(d).Append(c.Tensors.Length).Concat(inner.Skip(d)).ToArray();
            var want = new double[outShape.Aggregate(1, (a, b) => a * b)];
            var values = c.Tensors.Select(t => t.ToDoubleArray()).ToArray();
            foreach (var p in AllIndices(outShape))
            {
                var q = p.Take(d).Concat(p.Skip(d + 1)).ToArray();
                want[Flat(p, outShape)] = values[p[d]][Flat(q, inner)];
            }
            Assert.Equal(outShape, got.ShapeArray());
            AssertValues(want, got, 0, $"stack of {c}");
        });

    [Fact]
    public void Cat_SkipsLegacyEmptyOneDimTensors()
    {
        var x = TensorData.Arange(6).View(2, 3);
        var empty = TensorData.Zeros(DType.Float32, 0);
        var r = TensorData.Cat([empty, x, empty, x], 1);
        Assert.Equal(new[] { 2, 6 }, r.ShapeArray());
        Assert.Equal(new double[] { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, r.ToDoubleArray());
        Assert.Equal(new[] { 0 }, TensorData.Cat([empty, empty], 0).ShapeArray());
    }

    [Fact]
    public void Cat_PromotesMixedDTypes()
    {
        var r = TensorData.Cat([TensorData.Ones(DType.Int64, 2), TensorData.Full([1], 0.5, DType.Float64), TensorData.Ones(DType.Float32, 1)], 0);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(new double[] { 1, 1, 0.5, 1 }, r.ToDoubleArray());
    }

    [Fact]
    public void SplitAndChunk_FollowPyTorchSizes_AndAreViews()
    {
        var x = TensorData.Arange(10).View(5, 2);
        Assert.Equal(new[] { 2, 2, 1 }, x.Split(2).Select(t => t.Shape[0]).ToArray());
        Assert.Equal(new[] { 1, 4 }, x.Split([1, 4]).Select(t => t.Shape[0]).ToArray());
        Assert.Equal(new[] { 2, 2, 1 }, x.Chunk(3).Select(t => t.Shape[0]).ToArray());
        Assert.Equal(new[] { 2, 2, 2 }, TensorData.Arange(6).Chunk(4).Select(t => t.Shape[0]).ToArray());
        var parts = x.Split(1, dim: 1);
        Assert.Same(x.Storage, parts[1].Storage);
        Assert.Equal(new double[] { 1, 3, 5, 7, 9 }, parts[1].ToDoubleArray());
        Assert.Equal(x.ToDoubleArray(), TensorData.Cat(x.Chunk(2), 0).ToDoubleArray());
    }
}
