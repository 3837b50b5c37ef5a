using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Gemm;
using MiniTorch.Tests.Support;
using MiniTorch.Tests.Tensors.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Convolution;

public class Conv2dTests
{
    /// <summary>Random convolutions: every stride, padding, dilation and group count small enough to check by direct loops.</summary>
    private static Gen<ConvCase> Cases() =>
        from groups in Gen.Choose(1, 3)
        from cg in Gen.Choose(1, 3)
        from og in Gen.Choose(1, 3)
        from n in Gen.Choose(1, 3)
        from kh in Gen.Choose(1, 4)
        from kw in Gen.Choose(1, 4)
        from pointwise in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from sh in Gen.Choose(1, 3)
        from sw in Gen.Choose(1, 3)
        from dh in Gen.Choose(1, 2)
        from dw in Gen.Choose(1, 2)
        from ph in Gen.Choose(0, 2)
        from pw in Gen.Choose(0, 2)
        from extraH in Gen.Choose(0, 6)
        from extraW in Gen.Choose(0, 6)
        select pointwise
            ? new ConvCase(n, cg * groups, 1 + extraH, 1 + extraW, og * groups, 1, 1, (1, 1), (0, 0), (dh, dw), groups)
            : new ConvCase(n, cg * groups,
                Math.Max(1, dh * (kh - 1) + 1 - 2 * ph + extraH), Math.Max(1, dw * (kw - 1) + 1 - 2 * pw + extraW),
                og * groups, kh, kw, (sh, sw), (ph, pw), (dh, dw), groups);

    /// <summary>A convolution with its input, weight, optional bias and an output gradient.</summary>
    public sealed record ConvProblem(ConvCase Case, DType DType, TensorData X, TensorData W, TensorData? B, TensorData Dy);

    private static Gen<ConvProblem> Problems() =>
        from c in Cases()
        from dtype in Gen.Elements(DType.Float32, DType.Float64)
        from x in Generators.StridedTensor(c.InputShape, dtype)
        from w in Generators.Tensor(c.WeightShape, dtype)
        from withBias in Gen.Elements(true, false)
        from b in Generators.Tensor([c.O], dtype)
        from dy in Generators.StridedTensor(c.OutputShape, dtype)
        select new ConvProblem(c, dtype, x, w, withBias ? b : null, dy);

    /// <summary>Checks one kernel's result for random problems against its direct-loop reference.</summary>
    private static Property MatchesReference(string what, Func<ConvProblem, TensorData> kernel,
        Func<ConvProblem, (double[] Value, double[] Magnitude, int MaxTerms)> reference, Func<ConvCase, int[]> shape) =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var actual = kernel(p);
            Assert.Equal(shape(p.Case), actual.ShapeArray());
            var (expected, magnitude, terms) = reference(p);
            GemmReference.AssertClose(actual.ToDoubleArray(), expected, magnitude, terms, p.DType, $"{what} {p.Case}");
        });

    [Property(MaxTest = 80)]
    public Property Conv2d_MatchesDirectLoops_ForRandomStridePaddingDilationAndGroups() =>
        MatchesReference("conv2d",
            p => TensorData.Conv2d(p.X, p.W, p.B, p.Case.Stride, p.Case.Padding, p.Case.Dilation, p.Case.Groups),
            p => ConvReference.Forward(p.Case, p.X.ToDoubleArray(), p.W.ToDoubleArray(), p.B?.ToDoubleArray()),
            c => c.OutputShape);

    [Property(MaxTest = 80)]
    public Property Conv2dBackwardInput_MatchesTheDirectLoopAdjoint() =>
        MatchesReference("conv2d input gradient",
            p => TensorData.Conv2dBackwardInput(p.Dy, p.W, p.Case.InputShape, p.Case.Stride, p.Case.Padding, p.Case.Dilation, p.Case.Groups),
            p => ConvReference.BackwardInput(p.Case, p.Dy.ToDoubleArray(), p.W.ToDoubleArray()),
            c => c.InputShape);

    [Property(MaxTest = 80)]
    public Property Conv2dBackwardWeight_MatchesTheDirectLoopAdjoint() =>
        MatchesReference("conv2d weight gradient",
            p => TensorData.Conv2dBackwardWeight(p.Dy, p.X, p.Case.WeightShape, p.Case.Stride, p.Case.Padding, p.Case.Dilation, p.Case.Groups),
            p => ConvReference.BackwardWeight(p.Case, p.Dy.ToDoubleArray(), p.X.ToDoubleArray()),
            c => c.WeightShape);

    [Fact]
    public void Conv2d_AndItsGradients_AreBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var rng = new Random(13);
        // Each case is above the threading threshold (about 3 M multiply-adds): many images (split by
        // image), one big image (the product itself is split), groups, and a pointwise convolution.
        foreach (var c in new[]
        {
            new ConvCase(8, 8, 20, 20, 16, 3, 3, (1, 1), (1, 1), (1, 1), 1),
            new ConvCase(1, 16, 30, 30, 32, 3, 3, (1, 1), (1, 1), (1, 1), 1),
            new ConvCase(40, 12, 17, 19, 24, 3, 2, (2, 1), (1, 0), (1, 2), 3),
            new ConvCase(8, 32, 16, 16, 64, 1, 1, (1, 1), (0, 0), (1, 1), 1),
        })
        {
            double work = (double)c.N * c.O * (c.C / c.Groups) * c.KH * c.KW * c.OutH * c.OutW;
            Assert.True(work >= 2 * GemmTuning.MinWorkPerThread, $"{c} is too small to be split");
            var x = MatmulTests.RandomTensor(rng, DType.Float32, c.InputShape);
            var w = MatmulTests.RandomTensor(rng, DType.Float32, c.WeightShape);
            var b = MatmulTests.RandomTensor(rng, DType.Float32, c.O);
            var dy = MatmulTests.RandomTensor(rng, DType.Float32, c.OutputShape);
            long[][] Run(int threads)
            {
                using var scope = Threading.Override(threads);
                return
                [
                    GemmReference.Bits(TensorData.Conv2d(x, w, b, c.Stride, c.Padding, c.Dilation, c.Groups)),
                    GemmReference.Bits(TensorData.Conv2dBackwardInput(dy, w, c.InputShape, c.Stride, c.Padding, c.Dilation, c.Groups)),
                    GemmReference.Bits(TensorData.Conv2dBackwardWeight(dy, x, c.WeightShape, c.Stride, c.Padding, c.Dilation, c.Groups)),
                ];
            }
            var reference = Run(1);
            for (int threads = 2; threads <= 4; threads++)
            {
                var other = Run(threads);
                for (int i = 0; i < 3; i++) Assert.Equal(reference[i], other[i]);
            }
        }
    }

    [Fact]
    public void Conv2d_AcceptsUnbatchedInput_AndItsGradientsKeepThatRank()
    {
        var rng = new Random(17);
        var c = new ConvCase(1, 2, 5, 6, 3, 3, 3, (1, 2), (1, 1), (1, 1), 1);
        var x = MatmulTests.RandomTensor(rng, DType.Float64, c.InputShape);
        var w = MatmulTests.RandomTensor(rng, DType.Float64, c.WeightShape);
        var dy = MatmulTests.RandomTensor(rng, DType.Float64, c.OutputShape);
        var batched = TensorData.Conv2d(x, w, null, c.Stride, c.Padding, c.Dilation, 1);
        var single = TensorData.Conv2d(x.Squeeze(0), w, null, c.Stride, c.Padding, c.Dilation, 1);
        Assert.Equal(c.OutputShape[1..], single.ShapeArray());
        Assert.Equal(batched.ToDoubleArray(), single.ToDoubleArray());

        var dx = TensorData.Conv2dBackwardInput(dy.Squeeze(0), w, c.InputShape[1..], c.Stride, c.Padding, c.Dilation, 1);
        Assert.Equal(c.InputShape[1..], dx.ShapeArray());
        Assert.Equal(TensorData.Conv2dBackwardInput(dy, w, c.InputShape, c.Stride, c.Padding, c.Dilation, 1).ToDoubleArray(), dx.ToDoubleArray());
        var dw = TensorData.Conv2dBackwardWeight(dy.Squeeze(0), x.Squeeze(0), c.WeightShape, c.Stride, c.Padding, c.Dilation, 1);
        Assert.Equal(TensorData.Conv2dBackwardWeight(dy, x, c.WeightShape, c.Stride, c.Padding, c.Dilation, 1).ToDoubleArray(), dw.ToDoubleArray());
    }

    [Fact]
    public void Conv2d_RejectsBadShapes_NamingThem()
    {
        var x = TensorData.Zeros(DType.Float32, 2, 3, 8, 8);
        var e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float32, 4, 2, 3, 3), null, (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("[4, 2, 3, 3]", e.Message);
        Assert.Contains("[2, 3, 8, 8]", e.Message);
        Assert.Contains("to have 2 channels, but got 3 channels", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float32, 4, 3, 3, 3), TensorData.Zeros(DType.Float32, 5), (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("[5]", e.Message);
        Assert.Contains("4 elements", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float32, 4, 3, 9, 9), null, (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("Kernel size can't be greater than actual input size", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float32, 4, 1, 3, 3), null, (1, 1), (0, 0), (1, 1), 3));
        Assert.Contains("out_channels must be divisible by groups", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(TensorData.Zeros(DType.Float32, 3, 8), TensorData.Zeros(DType.Float32, 4, 3, 3, 3), null, (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("[3, 8]", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float32, 4, 3, 3, 3), null, (0, 1), (0, 0), (1, 1), 1));
        Assert.Contains("stride", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2dBackwardInput(TensorData.Zeros(DType.Float32, 2, 4, 5, 5), TensorData.Zeros(DType.Float32, 4, 3, 3, 3), [2, 3, 8, 8], (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("[2, 4, 5, 5]", e.Message);
        Assert.Contains("[2, 4, 6, 6]", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Conv2d(x, TensorData.Zeros(DType.Float64, 4, 3, 3, 3), null, (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("float64", e.Message);
    }
}
