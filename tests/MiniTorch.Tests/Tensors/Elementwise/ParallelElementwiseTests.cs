using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Large contiguous elementwise operations are cut into one range per thread; every element must
/// come out exactly as one serial call computes it, in place too, for every thread count.
/// </summary>
public class ParallelElementwiseTests
{
    private static float[] Values(int seed, int n)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (rng.NextSingle() - 0.5f) * 20;
        return values;
    }

    [Theory]
    [InlineData(65_536)]
    [InlineData(300_001)]
    public void UnaryAndBinary_MatchOneSerialCall_BitForBit_AtEveryThreadCount(int n)
    {
        var x = Values(1, n);
        var y = Values(2, n);
        var expUnary = new float[n];
        var mulBinary = new float[n];
        ElementwiseLoops.Unary<float, ExpOperator<float>>(x, expUnary);
        ElementwiseLoops.Binary<float, MultiplyOperator<float>>(x, y, mulBinary);
        for (int threads = 2; threads <= 4; threads++)
        {
            var d = new float[n];
            Assert.True(ParallelElementwise.TryUnary<float, ExpOperator<float>>(x, d, threads));
            Assert.Equal(expUnary, d);
            Assert.True(ParallelElementwise.TryBinary<float, MultiplyOperator<float>>(x, y, d, threads));
            Assert.Equal(mulBinary, d);
            var inPlace = (float[])x.Clone();
            Assert.True(ParallelElementwise.TryUnary<float, ExpOperator<float>>(inPlace, inPlace, threads));
            Assert.Equal(expUnary, inPlace);
        }
    }

    [Fact]
    public void SmallOperations_StayOnTheCallingThread()
    {
        var x = Values(3, 1000);
        Assert.False(ParallelElementwise.TryUnary<float, ExpOperator<float>>(x, new float[1000], 4));
        Assert.False(ParallelElementwise.TryBinary<float, AddOperator<float>>(x, x, new float[1000], 1));
    }
}
