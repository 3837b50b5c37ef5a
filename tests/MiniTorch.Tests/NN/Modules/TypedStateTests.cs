using MiniTorch.NN;

namespace MiniTorch.Tests.NN;

/// <summary>The layers' typed properties read the registered state, whichever way it was replaced.</summary>
public class TypedStateTests
{
    [Fact]
    public void BatchNormRunningMean_IsTheValueAssignedByName_AndStaysAPersistentBuffer()
    {
        var bn = new BatchNorm1d(3);
        var replacement = Torch.Full([3], 2.5);
        bn["running_mean"] = replacement;
        Assert.Same(replacement, bn.RunningMean);
        Assert.True(bn.IsPersistentBuffer("running_mean"));
        Assert.Equal([2.5, 2.5, 2.5], bn.StateDict()["running_mean"].ToDoubleArray());
    }

    [Fact]
    public void BatchNormRunningVar_AssignedThroughTheProperty_IsWhatTheIndexerSees()
    {
        var bn = new BatchNorm2d(2);
        var replacement = Torch.Full([2], 4.0);
        bn.RunningVar = replacement;
        Assert.Same(replacement, bn["running_var"]);
        Assert.Same(replacement, bn.RunningVar);
    }

    [Fact]
    public void BatchNormWithoutAffineOrTracking_HasNullTypedState()
    {
        var bn = new BatchNorm1d(4, affine: false, trackRunningStats: false);
        Assert.Null(bn.Weight);
        Assert.Null(bn.Bias);
        Assert.Null(bn.RunningMean);
        Assert.Null(bn.RunningVar);
        Assert.Null(bn.NumBatchesTracked);
    }

    [Fact]
    public void BatchNormNumBatchesTracked_CountsTrainingSteps()
    {
        var bn = new BatchNorm1d(2);
        bn.Forward(Torch.Randn(4, 2));
        bn.Forward(Torch.Randn(4, 2));
        Assert.Equal(2, bn.NumBatchesTracked!.Item());
        Assert.Equal(DType.Int64, bn.NumBatchesTracked.DType);
    }

    [Fact]
    public void PositionalEncodingPe_IsTheValueAssignedByName()
    {
        var pe = new PositionalEncoding(4, maxLen: 6);
        var table = Torch.Zeros(1, 6, 4);
        pe["pe"] = table;
        Assert.Same(table, pe.Pe);
        Assert.Equal(new double[2 * 3 * 4], pe.Forward(Torch.Zeros(2, 3, 4)).ToDoubleArray());
    }

    [Fact]
    public void RegisteringANonNullValue_ReturnsItUnchangedAndTyped()
    {
        var holder = new Sequential();
        Parameter p = holder.RegisterParameter("p", new Parameter(Torch.Ones(2)));
        Tensor b = holder.RegisterBuffer("b", Torch.Zeros(2));
        Linear child = holder.RegisterModule("child", new Linear(2, 2));
        Assert.Same(p, holder["p"]);
        Assert.Same(b, holder["b"]);
        Assert.Same(child, holder["child"]);
    }
}
