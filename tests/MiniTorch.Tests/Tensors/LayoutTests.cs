using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors;

public class LayoutTests
{
    private static Arbitrary<TensorData> StridedFloats() =>
        Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, DType.Float32)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property PermuteThenInversePermute_IsIdentity() =>
        Prop.ForAll(StridedFloats(), Gen.Constant(0).ToArbitrary(), (t, _) =>
        {
            var order = Enumerable.Range(0, t.Rank).Reverse().ToArray();
            var inverse = new int[t.Rank];
            for (int i = 0; i < t.Rank; i++) inverse[order[i]] = i;
            var back = t.Permute(order).Permute(inverse);
            return back.Shape.SequenceEqual(t.Shape) && back.Strides.SequenceEqual(t.Strides)
                && back.ToDoubleArray().SequenceEqual(t.ToDoubleArray());
        });

    [Property(MaxTest = 200)]
    public Property Contiguous_KeepsValuesAndIsContiguous() =>
        Prop.ForAll(StridedFloats(), t =>
        {
            var c = t.Contiguous();
            return c.IsContiguous && c.ToDoubleArray().SequenceEqual(t.ToDoubleArray()) && c.Shape.SequenceEqual(t.Shape);
        });

    [Property(MaxTest = 200)]
    public Property ReshapeOfContiguous_SharesStorage() =>
        Prop.ForAll(Generators.NonEmptyShape(4, 5).SelectMany(s => Generators.Tensor(s, DType.Float32)).ToArbitrary(), t =>
        {
            var r = t.Reshape(-1);
            return ReferenceEquals(r.Storage, t.Storage) && r.ToDoubleArray().SequenceEqual(t.ToDoubleArray());
        });

    [Fact]
    public void View_OfTransposed_FailsNamingShapesAndStrides_WhileReshapeCopies()
    {
        var t = TensorData.Arange(6).View(2, 3).Transpose(0, 1);
        var e = Assert.Throws<InvalidOperationException>(() => t.View(6));
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[1, 3]", e.Message);
        var r = t.Reshape(6);
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, r.ToDoubleArray());
        Assert.NotSame(t.Storage, r.Storage);
    }

    [Fact]
    public void Expand_UsesStrideZero_AndBroadcastErrorsNameBothShapes()
    {
        var t = TensorData.Arange(3).View(3, 1).Expand(3, 4);
        Assert.Equal(new[] { 1, 0 }, t.Strides.ToArray());
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 2, 3).Add(TensorData.Zeros(DType.Float32, 4)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void CopyIntoAnExpandedView_Raises_BecauseElementsShareOneLocation()
    {
        var target = TensorData.Zeros(DType.Float32, 1, 3).Expand(4, 3);
        var e = Assert.Throws<InvalidOperationException>(() => target.CopyFrom(TensorData.Ones(DType.Float32, 4, 3)));
        Assert.Contains("[4, 3]", e.Message);
        Assert.All(target.ToDoubleArray(), v => Assert.Equal(0, v));
    }
}
