using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Reductions;

/// <summary>One test per rejected input; each checks that the message names what was wrong.</summary>
public class ReductionErrorTests
{
    private static readonly TensorData Matrix = TensorData.Arange(6).View(2, 3);

    [Fact]
    public void Sum_WithADimNamedTwice_NamesTheDim()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix.Sum([1, -1]));
        Assert.Contains("dim 1 appears multiple times", e.Message);
    }

    [Fact]
    public void Sum_WithADimOutOfRange_NamesTheRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Sum([2]));
        Assert.Contains("[-2, 1]", e.Message);
        Assert.Contains("got 2", e.Message);
    }

    [Fact]
    public void Mean_OfInt64_IsNotSupported_AndNamesTheDType()
    {
        var e = Assert.Throws<NotSupportedException>(() => Matrix.To(DType.Int64).Mean());
        Assert.Contains("int64", e.Message);
    }

    [Fact]
    public void VarLogSumExpSoftmax_OfInt64_AreNotSupported_AndNameTheDType()
    {
        var x = Matrix.To(DType.Int64);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => x.Var()).Message);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => x.LogSumExp([0])).Message);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => x.Softmax(0)).Message);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => x.LogSoftmax(1)).Message);
    }

    [Fact]
    public void Amax_OverAnEmptyDim_NamesTheDimAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 3, 0).Amax([1]));
        Assert.Contains("dim 1", e.Message);
        Assert.Contains("[3, 0]", e.Message);
    }

    [Fact]
    public void Amax_OverANonEmptyDimOfAnEmptyTensor_GivesAnEmptyResult()
    {
        var r = TensorData.Zeros(DType.Float32, 0, 3).Amax([1]);
        Assert.Equal(new[] { 0 }, r.ShapeArray());
    }

    [Fact]
    public void Max_OverAnEmptyDim_NamesTheDimAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float64, 0, 2).Max(0));
        Assert.Contains("dim 0", e.Message);
        Assert.Contains("[0, 2]", e.Message);
    }

    [Fact]
    public void ArgMax_WithoutDim_OfAnEmptyTensor_SaysADimIsNeeded()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 0).ArgMax());
        Assert.Contains("numel() == 0", e.Message);
    }

    [Fact]
    public void Max_OfBool_IsNotSupported()
    {
        var e = Assert.Throws<NotSupportedException>(() => Matrix.Gt(2).Max(0));
        Assert.Contains("bool", e.Message);
    }

    [Fact]
    public void Sum_OfEmpty_IsZero_MeanIsNaN_LogSumExpIsMinusInfinity()
    {
        var empty = TensorData.Zeros(DType.Float32, 2, 0);
        Assert.Equal(new double[] { 0, 0 }, empty.Sum([1]).ToDoubleArray());
        Assert.All(empty.Mean([1]).ToDoubleArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(empty.LogSumExp([1]).ToDoubleArray(), v => Assert.Equal(double.NegativeInfinity, v));
    }

    [Fact]
    public void Sum_OfBool_CountsAsInt64()
    {
        var s = Matrix.Gt(2).Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(3.0, s.Item());
    }

    [Fact]
    public void Var_WithCorrectionAtLeastN_GivesInfOrNaN_LikePyTorch()
    {
        var x = TensorData.FromArray(new[] { 1f, 2f });
        Assert.Equal(double.PositiveInfinity, x.Var(null, correction: 2).Item());
        Assert.True(double.IsNaN(TensorData.FromArray(new[] { 5f }).Var().Item()));
    }
}
