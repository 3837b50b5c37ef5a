using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Elementwise.ElementwiseGenerators;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Property (b): permuted, sliced and expanded inputs give exactly the result of their contiguous
/// copies, for every unary op and for every binary op over random broadcast-compatible shape
/// pairs. Inputs are never modified.
/// </summary>
public class StridedLayoutTests
{
    [Property(MaxTest = 400)]
    public Property UnaryOp_OnStridedInput_EqualsOpOnContiguousCopy() =>
        Prop.ForAll(
            Gen.Elements(TensorOpTable.UnaryRows().ToArray()).SelectMany(row =>
                Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, row.dtype, ValueWithSpecials()))
                    .Select(x => (row.op, x))).ToArbitrary(),
            c =>
            {
                var before = c.x.Contiguous().Clone();
                var strided = c.op.Apply(c.x);
                var contiguous = c.op.Apply(c.x.Contiguous());
                return (SameTensor(contiguous, strided) && SameTensor(before, c.x)).Label($"{c.op} on {c.x.DType.Name()} {ShapeUtil.Format(c.x.Shape)} strides {ShapeUtil.Format(c.x.Strides)}");
            });

    [Property(MaxTest = 400)]
    public Property BinaryOp_OnStridedBroadcastInputs_EqualsOpOnContiguousAndOnMaterializedCopies() =>
        Prop.ForAll(
            Gen.Elements(TensorOpTable.BinaryRows().ToArray()).SelectMany(row =>
                (row.op.SameShape
                    ? Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, row.dtype, ValueWithSpecials())
                        .SelectMany(a => Generators.StridedTensor(s, row.dtype, ValueWithSpecials()).Select(b => (a, b))))
                    : StridedPair(row.dtype))
                .Select(p => (row.op, p.a, p.b))).ToArbitrary(),
            c =>
            {
                var shape = ShapeUtil.Broadcast(c.a.Shape, c.b.Shape);
                var strided = c.op.Apply(c.a, c.b);
                var contiguous = c.op.Apply(c.a.Contiguous(), c.b.Contiguous());
                // Materialized to the full shape, both operands take the plain same-shape loop.
                var materialized = c.op.Apply(c.a.Expand(shape).Clone(), c.b.Expand(shape).Clone());
                return (strided.Shape.SequenceEqual(shape) && SameTensor(contiguous, strided) && SameTensor(materialized, strided))
                    .Label($"{c.op} on {c.a.DType.Name()} {ShapeUtil.Format(c.a.Shape)}/{ShapeUtil.Format(c.a.Strides)} and {ShapeUtil.Format(c.b.Shape)}/{ShapeUtil.Format(c.b.Strides)}");
            });

    [Fact]
    public void Broadcasting_CombinesEveryRowWithEveryColumn()
    {
        var column = TensorData.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        var row = TensorData.FromArray(new float[] { 10, 20 }, 2);
        var sum = column.Add(row);
        Assert.Equal(new[] { 3, 2 }, sum.ShapeArray());
        Assert.Equal(new double[] { 11, 21, 12, 22, 13, 23 }, sum.ToDoubleArray());
        Assert.Equal(new double[] { 9, 19, 8, 18, 7, 17 }, row.Sub(column).ToDoubleArray());
    }

    [Fact]
    public void AbsAndNeg_OfInt64Minimum_WrapToItself_LikePyTorch()
    {
        // Long enough for the vector body and short enough for the scalar loop, on every path.
        foreach (int n in new[] { 1, 3, 40 })
        {
            var x = TensorData.Full([n], long.MinValue, DType.Int64);
            Assert.All(x.Abs().ToArray<long>(), v => Assert.Equal(long.MinValue, v));
            Assert.All(x.Neg().ToArray<long>(), v => Assert.Equal(long.MinValue, v));
        }
        Assert.Equal(new long[] { 5, 0, long.MaxValue }, TensorData.FromArray(new long[] { -5, 0, -long.MaxValue }).Abs().ToArray<long>());
    }

    [Fact]
    public void ScalarOperands_WorkOnEitherSide()
    {
        var x = TensorData.FromArray(new double[] { 1, 2, 4 });
        Assert.Equal(new double[] { 2, 1, 0.5 }, x.RDiv(2).ToDoubleArray());
        Assert.Equal(new double[] { 2, 1, -1 }, x.RSub(3).ToDoubleArray());
        Assert.Equal(new double[] { 0.5, 1, 2 }, x.Div(2).ToDoubleArray());
    }

    [Fact]
    public void Clamp_KeepsNaN_AndMinAboveMaxGivesMax_LikePyTorch()
    {
        var x = TensorData.FromArray(new float[] { float.NaN, -3, 0.2f, 9 });
        Assert.Equal(new double[] { double.NaN, -0.5, 0.2f, 0.7f }, x.Clamp(-0.5, 0.7).ToDoubleArray());
        Assert.Equal(new double[] { double.NaN, 1, 1, 1 }, x.Clamp(2, 1).ToDoubleArray());
        Assert.Throws<ArgumentException>(() => x.Clamp());
    }

    [Fact]
    public void PowFastPaths_AgreeWithTheirNamedOps()
    {
        var x = TensorData.FromArray(new double[] { 0.25, 2, 9, 1e-300 });
        Assert.True(SameTensor(x.Square(), x.Pow(2.0)));
        Assert.True(SameTensor(x.Sqrt(), x.Pow(0.5)));
        Assert.True(SameTensor(x.Reciprocal(), x.Pow(-1.0)));
        Assert.Equal(new double[] { 0.015625, 8, 729, 0 }, x.Pow(3.0).ToDoubleArray());
        Assert.NotSame(x.Storage, x.Pow(1.0).Storage);
    }
}
