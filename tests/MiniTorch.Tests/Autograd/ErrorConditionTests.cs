using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

/// <summary>Each error condition of the autograd contract: the exception type, PyTorch's words, and the shapes involved.</summary>
public class ErrorConditionTests
{
    private static Tensor Leaf(params int[] shape) => new(TensorData.Ones(DType.Float32, shape), requiresGrad: true);

    [Fact]
    public void BackwardWithoutGradient_OnAManyElementOutput_RaisesNamingItsShape()
    {
        var y = Leaf(2, 3).Exp();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void BackwardWithAGradientOfTheWrongShape_RaisesNamingBothShapes()
    {
        var y = Leaf(2, 3).Exp();
        var e = Assert.Throws<ArgumentException>(() => y.Backward(new Tensor(TensorData.Ones(DType.Float32, 3, 2))));
        Assert.Contains("Mismatch in shape: grad_output[0] has a shape of [3, 2] and output[0] has a shape of [2, 3]", e.Message);
    }

    [Fact]
    public void BackwardFromATensorThatDoesNotRequireGrad_RaisesNamingItsShape()
    {
        var y = new Tensor(TensorData.Ones(DType.Float32, 4)).Exp();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward(new Tensor(TensorData.Ones(DType.Float32, 4))));
        Assert.Contains("element 0 of tensors does not require grad and does not have a grad_fn", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void RequiringGradOnAnIntegerTensor_RaisesNamingDTypeAndShape()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Tensor(TensorData.Zeros(DType.Int64, 2, 5), requiresGrad: true));
        Assert.Contains("only Tensors of floating point dtype can require gradients", e.Message);
        Assert.Contains("int64", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }

    [Fact]
    public void SwitchingOffRequiresGradOnANonLeaf_RaisesNamingShapeAndNode()
    {
        var y = Leaf(3, 1).Tanh();
        var e = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("you can only change requires_grad flags of leaf variables", e.Message);
        Assert.Contains("[3, 1]", e.Message);
        Assert.Contains("TanhBackward0", e.Message);
        y.RequiresGrad = true; // a no-op on a non-leaf, as in PyTorch
        Assert.True(y.RequiresGrad);
    }

    [Fact]
    public void SecondBackwardThroughFreedSavedTensors_RaisesNamingTheSavedShape()
    {
        var x = Leaf(2, 2);
        var y = (x * x).Sum();
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("Trying to backward through the graph a second time", e.Message);
        Assert.Contains("retain_graph=True", e.Message);
        Assert.Contains("MulBackward0", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void InPlaceChangeOfATensorSavedForBackward_RaisesAtBackward_WithShapeAndVersions()
    {
        var x = Leaf(2, 3);
        var h = x.Exp();
        var y = (h * 2).Sigmoid(); // sigmoid saves its output
        using (Torch.NoGrad()) y.MulInPlace(0.5);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward(new Tensor(TensorData.Ones(DType.Float32, 2, 3))));
        Assert.Contains("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 3]]", e.Message);
        Assert.Contains("SigmoidBackward0", e.Message);
        Assert.Contains("is at version 1; expected version 0 instead", e.Message);
    }

    [Fact]
    public void InPlaceOpOnALeafThatRequiresGrad_RaisesUnderGradMode_NamingTheShape()
    {
        var x = Leaf(4, 2);
        var e = Assert.Throws<InvalidOperationException>(() => x.MulInPlace(2));
        Assert.Contains("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        using (Torch.NoGrad()) x.MulInPlace(2); // how optimizers update parameters
        Assert.All(x.ToDoubleArray(), v => Assert.Equal(2.0, v));
    }

    [Fact]
    public void BroadcastingIncompatibleShapes_RaisesNamingBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Leaf(2, 3) + Leaf(4));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void UnknownReduction_RaisesNamingTheValidChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => F.MseLoss(Leaf(2), Leaf(2), reduction: "avg"));
        Assert.Contains("avg", e.Message);
        Assert.Contains("\"none\", \"mean\" or \"sum\"", e.Message);
    }

    [Fact]
    public void LayerNormWithAShapeThatDoesNotEndTheInput_RaisesNamingBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => F.LayerNorm(Leaf(3, 5), [4]));
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[3, 5]", e.Message);
    }

    [Fact]
    public void EmbeddingIndexOutOfRange_RaisesNamingTheIndexAndWeightShape()
    {
        var index = new Tensor(TensorData.FromArray(new long[] { 1, 7 }, 2));
        var e = Assert.Throws<IndexOutOfRangeException>(() => F.Embedding(index, Leaf(5, 3)));
        Assert.Contains("index out of range in self", e.Message);
        Assert.Contains("7", e.Message);
        Assert.Contains("[5, 3]", e.Message);
    }

    [Fact]
    public void GradCheckOnFloat32Inputs_RaisesNamingTheInput()
    {
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(x => x[0].Exp(), [Leaf(2, 2)]));
        Assert.Contains("input 0", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }
}
