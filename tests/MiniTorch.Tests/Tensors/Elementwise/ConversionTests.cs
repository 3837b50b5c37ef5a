using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Elementwise;

public class ConversionTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void FloatToInt64_TruncatesTowardZero(DType from)
    {
        var t = TensorData.FromArray(new double[] { -2.7, -0.5, -0.0, 0.5, 2.7, 3.0, -1e10 }).To(from);
        Assert.Equal(new long[] { -2, 0, 0, 0, 2, 3, -10_000_000_000 }, t.To(DType.Int64).ToArray<long>());
    }

    [Fact]
    public void Float64ToFloat32_RoundsToNearest_AndKeepsSpecials()
    {
        var t = TensorData.FromArray(new double[] { 0.1, 1 + 1e-9, double.NaN, double.NegativeInfinity, -0.0, 1e300 });
        var f = t.To(DType.Float32).ToArray<float>();
        Assert.Equal(0.1f, f[0]);
        Assert.Equal(1f, f[1]);
        Assert.True(float.IsNaN(f[2]));
        Assert.Equal(float.NegativeInfinity, f[3]);
        Assert.True(float.IsNegative(f[4]) && f[4] == 0);
        Assert.Equal(float.PositiveInfinity, f[5]);
    }

    [Fact]
    public void Int64AndBool_ConvertToFloats_AndNonzeroIsTrue()
    {
        var l = TensorData.FromArray(new long[] { -3, 0, 1L << 40 });
        Assert.Equal(new double[] { -3, 0, 1L << 40 }, l.To(DType.Float64).ToArray<double>());
        Assert.Equal(new float[] { -3, 0, 1L << 40 }, l.To(DType.Float32).ToArray<float>());
        Assert.Equal(new[] { true, false, true }, l.To(DType.Bool).ToArray<bool>());
        var b = TensorData.FromArray(new[] { true, false });
        Assert.Equal(new float[] { 1, 0 }, b.To(DType.Float32).ToArray<float>());
        Assert.Equal(new long[] { 1, 0 }, b.To(DType.Int64).ToArray<long>());
        Assert.Equal(new[] { true, false, true }, TensorData.FromArray(new float[] { float.NaN, -0f, 0.1f }).To(DType.Bool).ToArray<bool>());
    }

    [Fact]
    public void To_SameDType_ReturnsTheSameTensor_OtherwiseACopyInLogicalOrder()
    {
        var t = TensorData.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2).Transpose(0, 1);
        Assert.Same(t, t.To(DType.Float32));
        var d = t.To(DType.Float64);
        Assert.True(d.IsContiguous);
        Assert.Equal(new double[] { 1, 3, 2, 4 }, d.ToArray<double>());
        Assert.NotSame(t.Storage, d.Storage);
    }
}
