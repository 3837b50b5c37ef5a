using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

/// <summary>The F ops' PyTorch conventions beyond plain gradients: dropout, batch-norm statistics, loss shapes.</summary>
public class FunctionalTests
{
    private static Tensor Column(params double[] values) => new(TensorData.FromArray((double[])values.Clone(), values.Length, 1), requiresGrad: true);

    [Fact]
    public void Dropout_InEvalOrWithPZero_ReturnsTheInputItself()
    {
        var x = Torch.Ones(3, 4);
        Assert.Same(x, F.Dropout(x, 0.5, training: false));
        Assert.Same(x, F.Dropout(x, 0.0));
    }

    [Fact]
    public void Dropout_KeepsAboutOneMinusP_ScalesByItsInverse_AndTheGradientIsTheSameMask()
    {
        var x = new Tensor(TensorData.Ones(DType.Float64, 100, 100), requiresGrad: true);
        var y = F.Dropout(x, 0.3, generator: new Generator(7));
        var values = y.ToDoubleArray();
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.7) < 1e-12));
        double kept = values.Count(v => v != 0) / 10_000.0;
        Assert.InRange(kept, 0.67, 0.73); // 0.7 ± 6.5 standard deviations of a binomial mean over 10^4 draws
        y.Sum().Backward();
        Assert.Equal(values, x.Grad!.ToDoubleArray()); // x = 1, so dy/dx = mask/(1-p) = y
        Assert.Equal(values, F.Dropout(x, 0.3, generator: new Generator(7)).ToDoubleArray());
    }

    [Fact]
    public void Dropout_WithAProbabilityOutsideZeroToOne_RaisesNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.Dropout(Torch.Ones(2), 1.5));
        Assert.Contains("dropout probability has to be between 0 and 1, but got 1.5", e.Message);
    }

    [Fact]
    public void BatchNormTraining_UpdatesRunningStatistics_WithMomentumAndTheUnbiasedVariance()
    {
        // pytorch-semantics.md 5.1 worked example: BatchNorm1d(1) on x = [1, 2, 3, 4].
        var x = Column(1, 2, 3, 4);
        var runningMean = new Tensor(TensorData.Zeros(DType.Float64, 1));
        var runningVar = new Tensor(TensorData.Ones(DType.Float64, 1));
        var y = F.BatchNorm(x, runningMean, runningVar, training: true, momentum: 0.1);
        Assert.Equal(0.25, runningMean.Item(), 12);
        Assert.Equal(0.9 + 0.1 * 5.0 / 3, runningVar.Item(), 12);
        var expected = new[] { 1.0, 2, 3, 4 }.Select(v => (v - 2.5) / Math.Sqrt(1.25 + 1e-5)).ToArray();
        Assert.Equal(expected, y.ToDoubleArray(), new Tolerance(1e-12));
    }

    [Fact]
    public void BatchNormTrainingResult_ReturnsBatchMeanAndBothVariances()
    {
        var r = F.BatchNormTraining(Column(1, 2, 3, 4));
        Assert.Equal(2.5, r.Mean.Item(), 12);
        Assert.Equal(1.25, r.Var.Item(), 12);
        Assert.Equal(5.0 / 3, r.VarUnbiased.Item(), 12);
        Assert.False(r.Mean.RequiresGrad);
    }

    [Fact]
    public void BatchNormEval_UsesTheRunningStatistics_AndItsGradientIsTheAffineMapOnly()
    {
        var x = Column(1, 2, 3);
        var w = new Tensor(TensorData.FromArray(new[] { 2.0 }, 1), requiresGrad: true);
        var y = F.BatchNorm(x, Torch.Full([1], 1.0, DType.Float64), Torch.Full([1], 4.0, DType.Float64), w, null, training: false, eps: 0);
        Assert.Equal(new[] { 0.0, 1, 2 }, y.ToDoubleArray(), new Tolerance(1e-12)); // (x - 1)/2 · 2
        y.Sum().Backward();
        Assert.Equal(new[] { 1.0, 1, 1 }, x.Grad!.ToDoubleArray(), new Tolerance(1e-12)); // w / sqrt(var)
        Assert.Equal(1.5, w.Grad!.Item(), 12); // Σ (x - 1)/2
    }

    [Fact]
    public void BatchNormTraining_WithOneValuePerChannel_Raises()
    {
        var e = Assert.Throws<ArgumentException>(() => F.BatchNorm(Torch.Ones(1, 3), null, null, training: true));
        Assert.Contains("Expected more than 1 value per channel when training, got input size [1, 3]", e.Message);
    }

    [Fact]
    public void CrossEntropy_IgnoresTheIgnoreIndex_InTheSumAndTheMeanCount()
    {
        var logits = new Tensor(TensorData.FromArray(new[] { 0.0, 0, 1, 2, 5, 5 }, 3, 2), requiresGrad: true);
        var target = new Tensor(TensorData.FromArray(new long[] { 1, -100, 0 }, 3));
        var loss = F.CrossEntropy(logits, target);
        double expected = (Math.Log(2) + Math.Log(2)) / 2; // rows 0 and 2 have equal logits
        Assert.Equal(expected, loss.Item(), 12);
        loss.Backward();
        Assert.Equal(new[] { 0.25, -0.25, 0, 0, -0.25, 0.25 }, logits.Grad!.ToDoubleArray(), new Tolerance(1e-12));
    }

    [Fact]
    public void CrossEntropy_OverSpatialDims_MatchesTheFlattenedRows()
    {
        var g = new Generator(3);
        var logits = new Tensor(TensorData.Randn([2, 3, 4], DType.Float64, g));
        var target = new Tensor(TensorData.RandInt(0, 3, [2, 4], g));
        var spatial = F.CrossEntropy(logits, target, reduction: "none");
        Assert.Equal(new[] { 2, 4 }, spatial.Shape.ToArray());
        var rows = F.CrossEntropy(logits.Permute(0, 2, 1).Reshape(-1, 3), target.Reshape(-1), reduction: "none");
        Assert.Equal(rows.ToDoubleArray(), spatial.ToDoubleArray());
    }

    private sealed class Tolerance(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
