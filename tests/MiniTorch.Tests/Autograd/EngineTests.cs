using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

public class EngineTests
{
    private static Tensor Leaf(params float[] values) => new(TensorData.FromArray(values, values.Length), requiresGrad: true);

    [Fact]
    public void Backward_ThroughAChainOf100000Ops_DoesNotOverflowTheStack()
    {
        var x = Leaf(0.5f);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y.Neg();
        y.Backward(new Tensor(TensorData.FromArray(new[] { 1f }, 1)));
        // An even number of negations: dy/dx = 1.
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void SecondBackward_ThatNeedsFreedSavedTensors_RaisesPyTorchsError_NamingTheShape()
    {
        var x = Leaf(1f, 2f, 3f);
        var y = x.Exp();
        var seed = new Tensor(TensorData.Ones(DType.Float32, 3));
        y.Backward(seed);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward(seed));
        Assert.Contains("Trying to backward through the graph a second time", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void SecondBackward_WithRetainGraph_AccumulatesGradients()
    {
        var x = Leaf(0f, 1f);
        var y = x.Exp();
        var seed = new Tensor(TensorData.Ones(DType.Float32, 2));
        y.Backward(seed, retainGraph: true);
        y.Backward(seed);
        Assert.Equal(new[] { 2.0, 2 * Math.E }, x.Grad!.ToDoubleArray().Select(v => Math.Round(v, 5)).ToArray(), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void GraphThatSavedNothing_CanBeBackwardedTwice()
    {
        var x = Leaf(1f, 2f);
        var y = x.Neg();
        var seed = new Tensor(TensorData.Ones(DType.Float32, 2));
        y.Backward(seed);
        y.Backward(seed);
        Assert.Equal(new[] { -2.0, -2.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void InPlaceChangeOfASavedTensor_RaisesAtBackward_WithVersionsAndShape()
    {
        var x = Leaf(1f, 2f);
        var y = x.Exp();                 // saves y
        y.Detach().AddInPlace(1);        // shares y's storage and version counter
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward(new Tensor(TensorData.Ones(DType.Float32, 2))));
        Assert.Contains("modified by an inplace operation", e.Message);
        Assert.Contains("[torch.FloatTensor [2]]", e.Message);
        Assert.Contains("ExpBackward0", e.Message);
        Assert.Contains("is at version 1; expected version 0", e.Message);
    }

    [Fact]
    public void InPlaceOpOnALeafThatRequiresGrad_Raises_UnlessUnderNoGrad()
    {
        var x = Leaf(1f, 2f);
        var e = Assert.Throws<InvalidOperationException>(() => x.AddInPlace(1));
        Assert.Contains("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        Assert.Contains("[2]", e.Message);
        using (Torch.NoGrad()) x.AddInPlace(1);
        Assert.Equal(new[] { 2.0, 3.0 }, x.ToDoubleArray());
    }

    [Fact]
    public void NoGrad_IsPerThread_AndRecordsNothing()
    {
        var x = Leaf(1f);
        using (Torch.NoGrad())
        {
            Assert.False(x.Exp().RequiresGrad);
            bool otherThread = false;
            var t = new Thread(() => otherThread = x.Exp().RequiresGrad);
            t.Start();
            t.Join();
            Assert.True(otherThread);
            using (Torch.EnableGrad()) Assert.True(x.Exp().RequiresGrad);
        }
        Assert.True(x.Exp().RequiresGrad);
    }

    [Fact]
    public void OnlyFloatingTensorsRequireGrad_AndNonLeavesCannotChangeIt()
    {
        var i = new Tensor(TensorData.Zeros(DType.Int64, 2, 3));
        var e = Assert.Throws<InvalidOperationException>(() => i.RequiresGrad = true);
        Assert.Contains("int64", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        var y = Leaf(1f).Exp();
        var e2 = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf variables", e2.Message);
        Assert.Contains("[1]", e2.Message);
    }

    [Fact]
    public void ImplicitSeed_OnlyForOneElementOutputs_AndExplicitSeedMustMatchTheShape()
    {
        var x = Leaf(1f, 2f);
        var y = x.Exp();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
        Assert.Contains("[2]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => y.Backward(new Tensor(TensorData.Ones(DType.Float32, 3))));
        Assert.Contains("[3]", e2.Message);
        Assert.Contains("[2]", e2.Message);
        var one = new Tensor(TensorData.FromArray(new[] { 2f }, 1, 1), requiresGrad: true);
        one.Exp().Backward(); // shape [1, 1] is fine: one element
        Assert.Equal(Math.Exp(2), one.Grad!.Item(), 4);
    }

    [Fact]
    public void BackwardOnATensorThatDoesNotRequireGrad_Raises()
    {
        var x = new Tensor(TensorData.Ones(DType.Float32, 1));
        var e = Assert.Throws<InvalidOperationException>(() => x.Backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void OnlyLeavesKeepGrad_UnlessRetainGrad()
    {
        var x = Leaf(1f);
        var h = x.Exp();
        var h2 = x.Exp();
        h2.RetainGrad();
        h.Neg().Backward();
        h2.Neg().Backward();
        Assert.Null(h.Grad);
        Assert.Equal(-1.0, h2.Grad!.Item());
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
