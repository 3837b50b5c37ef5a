using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using MiniTorch.Tests.Tensors.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Pooling;

public class PoolingTests
{
    private static Gen<PoolCase> Cases() =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from kh in Gen.Choose(1, 4)
        from kw in Gen.Choose(1, 4)
        from sh in Gen.Choose(1, 3)
        from sw in Gen.Choose(1, 3)
        from ph in Gen.Choose(0, kh / 2)
        from pw in Gen.Choose(0, kw / 2)
        from extraH in Gen.Choose(0, 7)
        from extraW in Gen.Choose(0, 7)
        select new PoolCase(n, c, Math.Max(1, kh - 2 * ph + extraH), Math.Max(1, kw - 2 * pw + extraW), (kh, kw), (sh, sw), (ph, pw));

    /// <summary>Values with many ties (small integers) so first-max index rules are exercised.</summary>
    private static Gen<double> TiedValue() => Gen.Frequency((1, Generators.Value()), (1, Gen.Choose(-3, 3).Select(i => (double)i)));

    private static Gen<(PoolCase Case, DType DType, TensorData X, TensorData Dy)> Problems() =>
        from c in Cases()
        from dtype in Gen.Elements(DType.Float32, DType.Float64)
        from x in Generators.StridedTensor(c.InputShape, dtype, TiedValue())
        from dy in Generators.StridedTensor(c.OutputShape, dtype)
        select (c, dtype, x, dy);

    private static void AssertClose(double[] actual, double[] expected, DType dtype, string context, int terms)
    {
        var magnitude = expected.Select(Math.Abs).ToArray();
        // Sums of `terms` values: bound by the sum of magnitudes, which is at most terms * max |value| (4 here).
        var bound = magnitude.Select(m => Math.Max(m, 4.0 * terms)).ToArray();
        GemmReference.AssertClose(actual, expected, bound, terms, dtype, context);
    }

    [Property(MaxTest = 100)]
    public Property MaxPool2d_MatchesDirectLoops_ValuesAndIndices() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var (y, indices) = TensorData.MaxPool2d(p.X, p.Case.Kernel, p.Case.Stride, p.Case.Padding);
            var (max, index) = PoolReference.MaxPool(p.Case, p.X.ToDoubleArray());
            Assert.Equal(p.Case.OutputShape, y.ShapeArray());
            Assert.Equal(DType.Int64, indices.DType);
            Assert.Equal(max, y.ToDoubleArray());
            Assert.Equal(index, indices.ToArray<long>());
        });

    [Property(MaxTest = 100)]
    public Property MaxPool2dBackward_AddsEachGradientAtItsIndex() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var (_, indices) = TensorData.MaxPool2d(p.X, p.Case.Kernel, p.Case.Stride, p.Case.Padding);
            var dx = TensorData.MaxPool2dBackward(p.Dy, indices, p.Case.InputShape);
            var expected = PoolReference.MaxPoolBackward(p.Case, p.Dy.ToDoubleArray(), indices.ToArray<long>());
            Assert.Equal(p.Case.InputShape, dx.ShapeArray());
            AssertClose(dx.ToDoubleArray(), expected, p.DType, $"max_pool2d backward {p.Case}", p.Case.Kernel.H * p.Case.Kernel.W);
        });

    [Property(MaxTest = 100)]
    public Property AvgPool2d_MatchesDirectLoops_CountingPadding() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var y = TensorData.AvgPool2d(p.X, p.Case.Kernel, p.Case.Stride, p.Case.Padding);
            Assert.Equal(p.Case.OutputShape, y.ShapeArray());
            AssertClose(y.ToDoubleArray(), PoolReference.AvgPool(p.Case, p.X.ToDoubleArray()), p.DType, $"avg_pool2d {p.Case}", p.Case.Kernel.H * p.Case.Kernel.W);
        });

    [Property(MaxTest = 100)]
    public Property AvgPool2dBackward_MatchesDirectLoops() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var dx = TensorData.AvgPool2dBackward(p.Dy, p.Case.InputShape, p.Case.Kernel, p.Case.Stride, p.Case.Padding);
            Assert.Equal(p.Case.InputShape, dx.ShapeArray());
            AssertClose(dx.ToDoubleArray(), PoolReference.AvgPoolBackward(p.Case, p.Dy.ToDoubleArray()), p.DType, $"avg_pool2d backward {p.Case}", p.Case.Kernel.H * p.Case.Kernel.W);
        });

    [Fact]
    public void MaxPool2d_PropagatesNaN_AndPaddingNeverWins()
    {
        var x = TensorData.FromArray(new float[] { -5, -6, float.NaN, -7 }, 1, 1, 2, 2);
        var (y, idx) = TensorData.MaxPool2d(x, (2, 2), (2, 2), (0, 0));
        Assert.True(float.IsNaN(y.ToArray<float>()[0]));
        Assert.Equal(2L, idx.ToArray<long>()[0]);

        // All-negative input with padding: the padded -inf never beats a real pixel.
        var (p, pi) = TensorData.MaxPool2d(TensorData.FromArray(new double[] { -1, -2, -3, -4 }, 1, 2, 2), (3, 3), (1, 1), (1, 1));
        Assert.Equal([1, 2, 2], p.ShapeArray());
        Assert.Equal([-1.0, -1, -1, -1], p.ToDoubleArray());
        Assert.Equal([0L, 0, 0, 0], pi.ToArray<long>());
    }

    [Fact]
    public void Pooling_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var c = new PoolCase(8, 16, 24, 24, (3, 3), (2, 2), (1, 1));
        var rng = new Random(19);
        var x = MatmulTests.RandomTensor(rng, DType.Float32, c.InputShape);
        var dy = MatmulTests.RandomTensor(rng, DType.Float32, c.OutputShape);
        long[][] Run(int threads)
        {
            using var scope = Threading.Override(threads);
            var (y, idx) = TensorData.MaxPool2d(x, c.Kernel, c.Stride, c.Padding);
            return
            [
                GemmReference.Bits(y), idx.ToArray<long>(),
                GemmReference.Bits(TensorData.MaxPool2dBackward(dy, idx, c.InputShape)),
                GemmReference.Bits(TensorData.AvgPool2d(x, c.Kernel, c.Stride, c.Padding)),
                GemmReference.Bits(TensorData.AvgPool2dBackward(dy, c.InputShape, c.Kernel, c.Stride, c.Padding)),
            ];
        }
        var reference = Run(1);
        for (int threads = 2; threads <= 4; threads++)
        {
            var other = Run(threads);
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], other[i]);
        }
    }

    [Fact]
    public void Pooling_RejectsBadHyperparameters_NamingThem()
    {
        var x = TensorData.Zeros(DType.Float32, 1, 2, 5, 5);
        var e = Assert.Throws<ArgumentException>(() => TensorData.MaxPool2d(x, (3, 3), (1, 1), (2, 2)));
        Assert.Contains("pad should be at most half of effective kernel size", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.AvgPool2d(x, (3, 3), (1, 1), (2, 1)));
        Assert.Contains("pad should be at most half", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.MaxPool2d(x, (6, 6), (1, 1), (0, 0)));
        Assert.Contains("[1, 2, 5, 5]", e.Message);
        Assert.Contains("Output size is too small", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.MaxPool2d(TensorData.Zeros(DType.Float32, 5, 5), (2, 2), (2, 2), (0, 0)));
        Assert.Contains("[5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.AvgPool2d(x, (2, 2), (0, 2), (0, 0)));
        Assert.Contains("stride", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.AvgPool2dBackward(TensorData.Zeros(DType.Float32, 1, 2, 3, 3), [1, 2, 5, 5], (2, 2), (2, 2), (0, 0)));
        Assert.Contains("[1, 2, 3, 3]", e.Message);
        Assert.Contains("[1, 2, 2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.MaxPool2dBackward(TensorData.Zeros(DType.Float32, 1, 2, 2, 2), TensorData.Zeros(DType.Int64, 1, 2, 3, 2), [1, 2, 5, 5]));
        Assert.Contains("[1, 2, 3, 2]", e.Message);
    }
}
