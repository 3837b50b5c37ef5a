using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

/// <summary>How gradients reach leaves: accumulation, broadcasting, fan-out, detach and the PyTorch conventions at kinks.</summary>
public class GradientFlowTests
{
    private static Tensor Leaf(double[] values, params int[] shape) => new(TensorData.FromArray((double[])values.Clone(), shape), requiresGrad: true);

    [Fact]
    public void Gradients_AccumulateAcrossBackwardCalls_InTheSameGradObject()
    {
        var x = Leaf([1, 2, 3], 3);
        (x * x).Sum().Backward();
        var first = x.Grad!;
        Assert.Equal(new[] { 2.0, 4, 6 }, first.ToDoubleArray());
        (x * 3).Sum().Backward();
        Assert.Same(first, x.Grad);
        Assert.Equal(new[] { 5.0, 7, 9 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void BroadcastInputs_ReceiveGradientsSummedBackToTheirShapes()
    {
        var a = Leaf([1, 2, 3, 4, 5, 6], 2, 3);
        var row = Leaf([10, 20, 30], 3);
        var scalar = Leaf([7], []);
        var column = Leaf([1, -1], 2, 1);
        (a * row + scalar * column).Sum().Backward();
        Assert.Equal(new[] { 5.0, 7, 9 }, row.Grad!.ToDoubleArray());            // column sums of a
        Assert.Equal(new[] { 0.0 }, scalar.Grad!.ToDoubleArray());               // 3·1 + 3·(-1)
        Assert.Equal(new[] { 21.0, 21 }, column.Grad!.ToDoubleArray());          // 3 elements × 7 per row
        Assert.Equal(new[] { 2, 1 }, column.Grad!.Shape.ToArray());
        Assert.Equal(new[] { 10.0, 20, 30, 10, 20, 30 }, a.Grad!.ToDoubleArray());
    }

    [Fact]
    public void ATensorUsedTwice_ReceivesTheSumOfBothPaths()
    {
        var x = Leaf([3], 1);
        var y = x.Exp() * x; // d/dx (x e^x) = e^x (1 + x)
        y.Sum().Backward();
        Assert.Equal(Math.Exp(3) * 4, x.Grad!.Item(), 12);
    }

    [Fact]
    public void Detach_SharesStorageAndVersionCounter_AndLeavesTheGraph()
    {
        var x = Leaf([1, 2], 2);
        var y = x * 2;
        var d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        Assert.Same(y.Data.Storage, d.Data.Storage);
        int before = y.Version;
        d.AddInPlace(1);
        Assert.Equal(before + 1, y.Version);
        Assert.Equal(new[] { 3.0, 5 }, y.ToDoubleArray());
    }

    [Fact]
    public void MaximumAndMinimum_SplitTheGradientEvenlyOnTies()
    {
        var a = Leaf([1, 2, 3], 3);
        var b = Leaf([1, 5, 0], 3);
        a.Maximum(b).Sum().Backward();
        Assert.Equal(new[] { 0.5, 0, 1 }, a.Grad!.ToDoubleArray());
        Assert.Equal(new[] { 0.5, 1, 0 }, b.Grad!.ToDoubleArray());
        a.Grad = b.Grad = null;
        a.Minimum(b).Sum().Backward();
        Assert.Equal(new[] { 0.5, 1, 0 }, a.Grad!.ToDoubleArray());
        Assert.Equal(new[] { 0.5, 0, 1 }, b.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Clamp_PassesTheGradientOnItsBoundsInclusive()
    {
        var x = Leaf([-1, -0.5, 0, 0.7, 1], 5);
        x.Clamp(-0.5, 0.7).Sum().Backward();
        Assert.Equal(new[] { 0.0, 1, 1, 1, 0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void PowWithATensorExponent_GivesZeroExponentGradientWhereTheBaseIsZero()
    {
        var x = Leaf([0, 2], 2);
        var e = Leaf([2, 3], 2);
        x.Pow(e).Sum().Backward();
        Assert.Equal(new[] { 0.0, 12 }, x.Grad!.ToDoubleArray());               // e·x^(e-1)
        Assert.Equal(new[] { 0.0, 8 * Math.Log(2) }, e.Grad!.ToDoubleArray());  // x^e ln x, masked at x = 0
    }

    [Fact]
    public void Embedding_AccumulatesDuplicates_AndGivesThePaddingRowNoGradient()
    {
        var weight = Leaf([1, 2, 3, 4, 5, 6], 3, 2);
        var index = new Tensor(TensorData.FromArray(new long[] { 2, 0, 2, 1 }, 2, 2));
        F.Embedding(index, weight, paddingIdx: 1).Sum().Backward();
        Assert.Equal(new[] { 1.0, 1, 0, 0, 2, 2 }, weight.Grad!.ToDoubleArray());
    }

    [Fact]
    public void NoGrad_RecordsNothing_AndParametersCreatedInsideStillRequireGrad()
    {
        var x = Leaf([1], 1);
        Tensor y, p;
        using (Torch.NoGrad())
        {
            y = x * 2;
            p = Leaf([0], 1);
        }
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFn);
        Assert.True(p.RequiresGrad);
    }

    [Fact]
    public void InputsThatDoNotRequireGrad_GetNoGradient()
    {
        var x = Leaf([1, 2], 2);
        var c = new Tensor(TensorData.FromArray(new double[] { 3, 4 }, 2));
        (x * c).Sum().Backward();
        Assert.Null(c.Grad);
        Assert.Equal(new[] { 3.0, 4 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void ScalarOperators_WorkOnEitherSide()
    {
        var x = Leaf([2], 1);
        var y = (1 - x) * 3 + 6 / x - x / 2; // dy/dx = -3 - 6/x² - 1/2
        y.Sum().Backward();
        Assert.Equal((1 - 2) * 3 + 6 / 2.0 - 2 / 2.0, y.Item(), 12);
        Assert.Equal(-3 - 6 / 4.0 - 0.5, x.Grad!.Item(), 12);
    }

    [Fact]
    public void ToDType_CarriesTheGradientBackInTheOriginalDType()
    {
        var x = new Tensor(TensorData.FromArray(new float[] { 1, 2 }, 2), requiresGrad: true);
        (x.Double() * x.Double()).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        Assert.Equal(new[] { 2.0, 4 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void TheWorkedExampleOfTheDocs_RecordsFourNodesInOrder_AndGivesTheHandDerivedGradients()
    {
        var x = Torch.Tensor(new[] { 2.0 }, 1);
        var w1 = Torch.Tensor(new[] { 0.5 }, 1).SetRequiresGrad();
        var w2 = Torch.Tensor(new[] { 3.0 }, 1).SetRequiresGrad();
        var a = x * w1;
        var h = a.Tanh();
        var p = h * w2;
        var y = p.Sum();
        Assert.True(a.GradFn!.Sequence < h.GradFn!.Sequence && h.GradFn.Sequence < p.GradFn!.Sequence && p.GradFn.Sequence < y.GradFn!.Sequence);
        Assert.Null(a.GradFn.Inputs[0]); // x takes no part
        y.Backward();
        double t = Math.Tanh(1);
        Assert.Equal(3 * t, y.Item(), 12);
        Assert.Equal(t, w2.Grad!.Item(), 12);
        Assert.Equal(3 * (1 - t * t) * 2, w1.Grad!.Item(), 12);
        Assert.Null(x.Grad);
        Assert.Null(h.Grad);
    }
}
