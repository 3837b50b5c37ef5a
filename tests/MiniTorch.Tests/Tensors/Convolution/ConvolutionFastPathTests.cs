using MiniTorch.Tensors;
using MiniTorch.Tests.Tensors.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Convolution;

/// <summary>
/// The shapes that take the convolution's special paths, checked against the direct loops: the
/// input gradient of stride-1 "same" convolutions (each tap folded back as one contiguous run) and
/// the weight gradient of convolutions with few input channels (row dot products instead of the GEMM).
/// </summary>
public class ConvolutionFastPathTests
{
    public static TheoryData<ConvCase> SamePadded() =>
    [
        new ConvCase(2, 3, 7, 9, 4, 3, 3, (1, 1), (1, 1), (1, 1), 1),
        new ConvCase(1, 2, 6, 11, 3, 5, 5, (1, 1), (2, 2), (1, 1), 1),
        new ConvCase(2, 2, 9, 8, 2, 3, 3, (1, 1), (2, 2), (2, 2), 1),
        new ConvCase(1, 2, 5, 7, 3, 3, 1, (1, 1), (1, 0), (1, 1), 1),
        new ConvCase(1, 2, 5, 7, 3, 1, 3, (1, 1), (0, 1), (1, 1), 1),
        new ConvCase(2, 4, 6, 6, 6, 3, 3, (1, 1), (1, 1), (1, 1), 2),
        new ConvCase(1, 1, 3, 3, 2, 3, 3, (1, 1), (1, 1), (1, 1), 1),
    ];

    [Theory]
    [MemberData(nameof(SamePadded))]
    public void Conv2dBackwardInput_MatchesDirectLoops_ForSamePaddedStrideOne(ConvCase c)
    {
        var rng = new Random(c.GetHashCode());
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var w = MatmulTests.RandomTensor(rng, dtype, c.WeightShape);
            var dy = MatmulTests.RandomTensor(rng, dtype, c.OutputShape);
            Assert.Equal(c.W, c.OutW);
            var dx = TensorData.Conv2dBackwardInput(dy, w, c.InputShape, c.Stride, c.Padding, c.Dilation, c.Groups);
            var (expected, magnitude, terms) = ConvReference.BackwardInput(c, dy.ToDoubleArray(), w.ToDoubleArray());
            GemmReference.AssertClose(dx.ToDoubleArray(), expected, magnitude, terms, dtype, $"{c} {dtype}");
        }
    }

    public static TheoryData<ConvCase> FewInputChannels() =>
    [
        new ConvCase(3, 1, 9, 10, 16, 3, 3, (1, 1), (1, 1), (1, 1), 1),
        new ConvCase(2, 1, 12, 7, 5, 3, 3, (2, 1), (0, 1), (1, 1), 1),
        new ConvCase(2, 2, 8, 8, 6, 2, 2, (1, 1), (0, 0), (1, 1), 2),
        new ConvCase(1, 1, 30, 30, 7, 5, 5, (1, 1), (2, 2), (1, 1), 1),
    ];

    [Theory]
    [MemberData(nameof(FewInputChannels))]
    public void Conv2dBackwardWeight_MatchesDirectLoops_ForFewInputChannels(ConvCase c)
    {
        var rng = new Random(c.GetHashCode());
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = MatmulTests.RandomTensor(rng, dtype, c.InputShape);
            var dy = MatmulTests.RandomTensor(rng, dtype, c.OutputShape);
            var dw = TensorData.Conv2dBackwardWeight(dy, x, c.WeightShape, c.Stride, c.Padding, c.Dilation, c.Groups);
            var (expected, magnitude, terms) = ConvReference.BackwardWeight(c, dy.ToDoubleArray(), x.ToDoubleArray());
            GemmReference.AssertClose(dw.ToDoubleArray(), expected, magnitude, terms, dtype, $"{c} {dtype}");
        }
    }

    [Fact]
    public void FirstLayerGradients_AreBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        // An MNIST first layer (one input channel, so the weight gradient takes the row dot
        // products) and a same-padded second layer (the contiguous fold).
        var rng = new Random(29);
        foreach (var c in new[] { new ConvCase(64, 1, 28, 28, 16, 3, 3, (1, 1), (1, 1), (1, 1), 1), new ConvCase(16, 16, 14, 14, 32, 3, 3, (1, 1), (1, 1), (1, 1), 1) })
        {
            var x = MatmulTests.RandomTensor(rng, DType.Float32, c.InputShape);
            var w = MatmulTests.RandomTensor(rng, DType.Float32, c.WeightShape);
            var dy = MatmulTests.RandomTensor(rng, DType.Float32, c.OutputShape);
            long[][] Run(int threads)
            {
                using var scope = Threading.Override(threads);
                return
                [
                    GemmReference.Bits(TensorData.Conv2dBackwardWeight(dy, x, c.WeightShape, c.Stride, c.Padding, c.Dilation, c.Groups)),
                    GemmReference.Bits(TensorData.Conv2dBackwardInput(dy, w, c.InputShape, c.Stride, c.Padding, c.Dilation, c.Groups)),
                ];
            }
            var reference = Run(1);
            for (int threads = 2; threads <= 4; threads++)
            {
                var other = Run(threads);
                Assert.Equal(reference[0], other[0]);
                Assert.Equal(reference[1], other[1]);
            }
        }
    }
}
