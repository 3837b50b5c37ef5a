using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using MiniTorch.Tests.Tensors.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Pooling;

/// <summary>
/// The 2x2 / stride 2 max pool, which has a vectorised float32 kernel for even widths (Vector128
/// from width 4, Vector256 from 8, Vector512 from 16), against the direct loops: values and indices,
/// with NaNs, infinities, signed zeros and ties that decide which pixel wins.
/// </summary>
public class MaxPool2x2Tests
{
    private static Gen<double> Tricky() => Gen.Frequency(
        (6, Generators.Value()),
        (3, Gen.Choose(-2, 2).Select(i => (double)i)),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0)));

    private static void AssertMatches(PoolCase c, TensorData x, string context)
    {
        var (y, indices) = TensorData.MaxPool2d(x, c.Kernel, c.Stride, c.Padding);
        var (max, index) = PoolReference.MaxPool(c, x.ToDoubleArray());
        Assert.Equal(c.OutputShape, y.ShapeArray());
        var actual = y.ToDoubleArray();
        for (int i = 0; i < max.Length; i++)
            if (BitConverter.DoubleToInt64Bits(actual[i]) != BitConverter.DoubleToInt64Bits(max[i]) && !(double.IsNaN(actual[i]) && double.IsNaN(max[i])))
                Assert.Fail($"{context}: output {i} is {actual[i]:R}, expected {max[i]:R}");
        Assert.Equal(index, indices.ToArray<long>());
    }

    [Property(MaxTest = 200)]
    public Property MaxPool2x2_MatchesDirectLoops_AtEveryWidth() =>
        Prop.ForAll((
            from n in Gen.Choose(1, 2)
            from ch in Gen.Choose(1, 3)
            from h in Gen.Choose(2, 9)
            from w in Gen.Choose(2, 41)
            from dtype in Gen.Frequency((3, Gen.Constant(DType.Float32)), (1, Gen.Constant(DType.Float64)))
            let c = new PoolCase(n, ch, h, w, (2, 2), (2, 2), (0, 0))
            from x in Generators.StridedTensor(c.InputShape, dtype, Tricky())
            select (c, x)).ToArbitrary(), p => AssertMatches(p.c, p.x, p.c.ToString()));

    [Fact]
    public void MaxPool2x2_MatchesDirectLoops_WhenPlanesSpanSeveralScratchChunks()
    {
        var rng = new Random(5);
        // 100 wide: 20 row pairs per chunk; 6 wide: the last chunk holds one output row (3 windows, fewer than a vector).
        foreach (var c in new[] { new PoolCase(1, 2, 51, 100, (2, 2), (2, 2), (0, 0)), new PoolCase(1, 1, 684, 6, (2, 2), (2, 2), (0, 0)) })
        {
            var x = MatmulTests.RandomTensor(rng, DType.Float32, c.InputShape);
            AssertMatches(c, x, c.ToString());
        }
    }

    [Fact]
    public void MaxPool2x2_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var c = new PoolCase(8, 16, 28, 28, (2, 2), (2, 2), (0, 0));
        var x = MatmulTests.RandomTensor(new Random(23), DType.Float32, c.InputShape);
        (TensorData, TensorData) Run(int threads)
        {
            using var scope = Threading.Override(threads);
            return TensorData.MaxPool2d(x, c.Kernel, c.Stride, c.Padding);
        }
        var (y1, i1) = Run(1);
        for (int threads = 2; threads <= 4; threads++)
        {
            var (y, i) = Run(threads);
            Assert.Equal(GemmReference.Bits(y1), GemmReference.Bits(y));
            Assert.Equal(i1.ToArray<long>(), i.ToArray<long>());
        }
    }
}
