using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Elementwise;

public class CreationTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int64)]
    [InlineData(DType.Bool)]
    public void ZerosOnesFull_HaveTheShapeDTypeAndValue(DType dtype)
    {
        var z = TensorData.Zeros(dtype, 2, 3);
        var o = TensorData.Ones(dtype, 4);
        var f = TensorData.Full([3, 1], 7, dtype);
        Assert.Equal(dtype, z.DType);
        Assert.Equal(new[] { 2, 3 }, z.ShapeArray());
        Assert.True(z.IsContiguous);
        Assert.All(z.ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.All(o.ToDoubleArray(), v => Assert.Equal(1.0, v));
        Assert.All(f.ToDoubleArray(), v => Assert.Equal(dtype == DType.Bool ? 1.0 : 7.0, v));
        Assert.Equal(new double[] { 0 }, TensorData.Zeros(dtype).ToDoubleArray()); // 0-d
        Assert.Empty(TensorData.Ones(dtype, 0, 5).ToDoubleArray());
    }

    [Fact]
    public void Full_KeepsFractionsInFloats_AndNegativeIntegers()
    {
        Assert.Equal(new[] { 0.1f, 0.1f }, TensorData.Full([2], 0.1).ToArray<float>());
        Assert.Equal(new long[] { -4, -4 }, TensorData.Full([2], -4, DType.Int64).ToArray<long>());
    }

    [Theory]
    [InlineData(0, 1, 0.1, 10)]     // (1 - 0) / 0.1 = 10 exactly in double
    [InlineData(0, 0.3, 0.1, 3)]    // 0.3 / 0.1 = 2.9999999999999996, ceil = 3
    [InlineData(1, 2.5, 0.5, 3)]
    [InlineData(10, 0, -3, 4)]      // 10, 7, 4, 1
    [InlineData(0, 5, 1, 5)]
    [InlineData(2, 2, 1, 0)]
    [InlineData(-1, 1, 0.7, 3)]     // ceil(2.857...) = 3
    public void Arange_LengthIsCeilOfSpanOverStep_LikePyTorch(double start, double end, double step, int length)
    {
        var t = TensorData.Arange(start, end, step, DType.Float64);
        Assert.Equal(new[] { length }, t.ShapeArray());
        var v = t.ToArray<double>();
        for (int i = 0; i < length; i++) Assert.Equal(start + i * step, v[i]);
    }

    [Property(MaxTest = 200)]
    public Property Arange_StaysInsideTheHalfOpenRange() =>
        Prop.ForAll(Gen.Choose(-50, 50).ToArbitrary(), Gen.Choose(-50, 50).ToArbitrary(), Gen.Choose(-30, 30).Where(s => s != 0).ToArbitrary(),
            (a, b, s) =>
            {
                double start = a / 4.0, end = b / 4.0, step = s / 8.0;
                if ((end - start) / step < 0) return true; // the sign-mismatch error is covered below
                var v = TensorData.Arange(start, end, step, DType.Float64).ToArray<double>();
                return v.Length == (int)Math.Ceiling((end - start) / step)
                    && v.All(x => step > 0 ? x >= start && x < end : x <= start && x > end);
            });

    [Fact]
    public void Arange_Int64AndErrors()
    {
        Assert.Equal(new long[] { 0, 1, 2, 3 }, TensorData.Arange(4, DType.Int64).ToArray<long>());
        Assert.Contains("step", Assert.Throws<ArgumentException>(() => TensorData.Arange(0, 1, 0)).Message);
        var e = Assert.Throws<ArgumentException>(() => TensorData.Arange(0, 5, -1));
        Assert.Contains("5", e.Message);
        Assert.Contains("-1", e.Message);
    }

    [Property(MaxTest = 200)]
    public Property Linspace_HitsBothEndpointsExactly_AndStepsEvenly() =>
        Prop.ForAll(Gen.Choose(-1000, 1000).Two().ToArbitrary(), Gen.Choose(2, 300).ToArbitrary(), Gen.Elements(DType.Float32, DType.Float64).ToArbitrary(),
            (ends, steps, dtype) =>
            {
                var (a, b) = ends;
                double start = a / 7.0, end = b / 3.0;
                var v = TensorData.Linspace(start, end, steps, dtype).ToDoubleArray();
                double unit = dtype == DType.Float32 ? 1e-6 : 1e-14;
                double scale = Math.Max(Math.Abs(start), Math.Abs(end)) + 1;
                bool exactEnds = v[0] == (dtype == DType.Float32 ? (float)start : start) && v[^1] == (dtype == DType.Float32 ? (float)end : end);
                bool even = Enumerable.Range(0, steps).All(i => Math.Abs(v[i] - (start + (end - start) * i / (steps - 1))) <= 4 * unit * scale);
                return v.Length == steps && exactEnds && even;
            });

    [Fact]
    public void Linspace_EdgeCounts()
    {
        Assert.Empty(TensorData.Linspace(0, 1, 0).ToDoubleArray());
        Assert.Equal(new double[] { 3 }, TensorData.Linspace(3, 9, 1).ToDoubleArray());
        Assert.Equal(new float[] { -1, -0.5f, 0, 0.5f, 1 }, TensorData.Linspace(-1, 1, 5).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorData.Linspace(0, 1, -1));
    }

    [Fact]
    public void Eye_HasOnesOnTheDiagonalOnly()
    {
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, TensorData.Eye(3).ToDoubleArray());
        var wide = TensorData.Eye(2, 4, DType.Int64);
        Assert.Equal(new[] { 2, 4 }, wide.ShapeArray());
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 1, 0, 0 }, wide.ToArray<long>());
        Assert.Equal(new[] { 0, 3 }, TensorData.Eye(0, 3).ShapeArray());
    }

    [Fact]
    public void FromArray_WrapsWithoutCopying_AndChecksTheCount()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        var t = TensorData.FromArray(data, 2, 3);
        data[4] = 50;
        Assert.Equal(50.0, t.ToArray<double>()[4]);
        Assert.Equal(new[] { 6 }, TensorData.FromArray(data).ShapeArray());
        Assert.Empty(TensorData.FromArray(new float[] { 9 }).ShapeArray()); // one value and no shape: 0-d
        var e = Assert.Throws<ArgumentException>(() => TensorData.FromArray(data, 4, 2));
        Assert.Contains("6", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        var copy = TensorData.CopyFromArray<double>(data, 3, 2);
        data[0] = -1;
        Assert.Equal(1.0, copy.ToArray<double>()[0]);
    }
}
