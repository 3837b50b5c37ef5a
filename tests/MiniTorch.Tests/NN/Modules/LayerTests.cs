using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.NN;

public class LayerTests
{
    [Fact]
    public void Linear_InitializesWithinOneOverSqrtFanIn_AndPrintsLikePyTorch()
    {
        var layer = new Linear(16, 4, generator: new Generator(1));
        double bound = 1 / Math.Sqrt(16);
        Assert.All(layer.Weight.ToDoubleArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.All(layer.Bias!.ToDoubleArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.Equal(["weight", "bias"], layer.StateDict().Keys);
        Assert.Equal("Linear(in_features=16, out_features=4, bias=True)", layer.ToString());
        Assert.Equal([3, 4], layer.Forward(Torch.Zeros(3, 16)).Shape.ToArray());
    }

    [Fact]
    public void Conv2d_InitializesWithinOneOverSqrtFanIn_AndValidatesGroups()
    {
        var conv = new Conv2d(4, 6, 3, padding: 1, groups: 2, generator: new Generator(2));
        double bound = 1 / Math.Sqrt(2 * 3 * 3);
        Assert.All(conv.Weight.ToDoubleArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.Equal([6, 2, 3, 3], conv.Weight.Shape.ToArray());
        Assert.Equal("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), groups=2)", conv.ToString());
        var e = Assert.Throws<ArgumentException>(() => new Conv2d(3, 6, 3, groups: 2));
        Assert.Contains("in_channels (3)", e.Message);
    }

    [Fact]
    public void Embedding_PaddingRowStartsAtZero_AndNeverGetsAGradient()
    {
        var emb = new Embedding(5, 3, paddingIdx: -1, generator: new Generator(3));
        Assert.Equal(4, emb.PaddingIdx);
        Assert.All(emb.Weight.Data.Select(0, 4).ToDoubleArray(), v => Assert.Equal(0, v));
        var index = Torch.Tensor(new long[] { 4, 1, 4, 1 }, 4);
        emb.Forward(index).Sum().Backward();
        var grad = emb.Weight.Grad!.Data;
        Assert.All(grad.Select(0, 4).ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.All(grad.Select(0, 1).ToDoubleArray(), v => Assert.Equal(2, v)); // a duplicate index accumulates
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(5, 3, paddingIdx: 5));
    }

    [Fact]
    public void Dropout_IsTheIdentityObjectInEval_AndScalesKeptValuesInTraining()
    {
        var dropout = new Dropout(0.5, new Generator(4));
        var x = Torch.Ones(1000);
        dropout.Eval();
        Assert.Same(x, dropout.Forward(x));
        dropout.Train();
        var y = dropout.Forward(x).ToDoubleArray();
        Assert.All(y, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(y.Count(v => v == 0), 400, 600);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void BatchNorm_BatchOfOneValuePerChannel_RaisesInTraining_WithoutCountingTheBatch()
    {
        var bn = new BatchNorm1d(3);
        var e = Assert.Throws<ArgumentException>(() => bn.Forward(Torch.Zeros(1, 3)));
        Assert.Contains("Expected more than 1 value per channel when training, got input size [1, 3]", e.Message);
        Assert.Equal(0, bn.NumBatchesTracked!.Item());
        bn.Eval();
        Assert.Equal([1, 3], bn.Forward(Torch.Zeros(1, 3)).Shape.ToArray()); // eval uses the running statistics
        Assert.Contains("expected 2D or 3D input (got 4D input", Assert.Throws<ArgumentException>(() => bn.Forward(Torch.Zeros(2, 3, 1, 1))).Message);
        Assert.Equal("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.ToString());
    }

    [Fact]
    public void BatchNorm_WorkedExampleOfTheSemantics_UpdatesRunningStatistics()
    {
        // BatchNorm1d(1), x = [1, 2, 3, 4]: mean 2.5, biased var 1.25, unbiased 5/3.
        var bn = new BatchNorm1d(1);
        var x = Torch.Tensor(new float[] { 1, 2, 3, 4 }, 4, 1);
        var y = bn.Forward(x).ToDoubleArray();
        Assert.Equal(0.25, bn.RunningMean!.Item(), 6);
        Assert.Equal(0.9 + 0.1 * 5.0 / 3.0, bn.RunningVar!.Item(), 6);
        Assert.Equal(1, bn.NumBatchesTracked!.Item());
        Assert.Equal((1 - 2.5) / Math.Sqrt(1.25 + 1e-5), y[0], 5);

        var cumulative = new BatchNorm1d(1, momentum: null);
        cumulative.Forward(x);
        Assert.Equal(2.5, cumulative.RunningMean!.Item(), 6);
        Assert.Equal(5.0 / 3.0, cumulative.RunningVar!.Item(), 5);
    }

    [Fact]
    public void Sequential_RunsChildrenInOrder_AndPrintsTheTree()
    {
        var model = new Sequential(new Linear(2, 3), new ReLU(), new Flatten());
        Assert.Equal(["0.weight", "0.bias"], model.StateDict().Keys);
        Assert.Equal("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n  (2): Flatten(start_dim=1, end_dim=-1)\n)", model.ToString());
        Assert.All(model.Forward(Torch.Ones(4, 2)).ToDoubleArray(), v => Assert.True(v >= 0));
    }

    [Fact]
    public void LayerNorm_AndPooling_PrintLikePyTorch()
    {
        Assert.Equal("LayerNorm((7,), eps=1e-05, elementwise_affine=True)", new LayerNorm(7).ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", new LeakyReLU().ToString());
        Assert.Equal("GELU(approximate='tanh')", new GELU("tanh").ToString());
    }
}
