using MiniTorch.Tensors.Kernels.Optim;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Optim;

/// <summary>
/// Large updates are split across threads at multiples of 64 elements; every element is
/// independent, so each thread count must give the single-thread bits.
/// </summary>
public class OptimizerKernelThreadTests
{
    private const int Length = 300_000 + 37; // enough for four parts, with a ragged end

    private static float[] Random(int seed, float scale)
    {
        var rng = new Random(seed);
        var values = new float[Length];
        for (int i = 0; i < values.Length; i++) values[i] = (rng.NextSingle() - 0.5f) * scale;
        return values;
    }

    [Fact]
    public void Sgd_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var step = new SgdStep(0.05, 0.9, 0.1, 0.01, true, false, false);
        var grad = Random(1, 2);
        (float[] Param, float[] Buffer) Run(int threads)
        {
            var p = Random(2, 1);
            var b = Random(3, 1);
            using (Threading.Override(threads)) OptimizerKernels.Sgd(p, grad, b, step);
            return (p, b);
        }
        var reference = Run(1);
        for (int threads = 2; threads <= 4; threads++)
        {
            var other = Run(threads);
            Assert.Equal(reference.Param, other.Param);
            Assert.Equal(reference.Buffer, other.Buffer);
        }
        Assert.NotEqual(Random(2, 1), reference.Param); // the update did something
    }

    [Fact]
    public void Sgd_WithoutMomentum_SplitsWithAnEmptyBuffer()
    {
        var step = new SgdStep(0.1, 0, 0, 0, false, false, false);
        var grad = Random(4, 2);
        var one = Random(5, 1);
        var two = Random(5, 1);
        using (Threading.Override(1)) OptimizerKernels.Sgd<float>(one, grad, default, step);
        using (Threading.Override(2)) OptimizerKernels.Sgd<float>(two, grad, default, step);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Adam_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var step = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.1, true, false, true, 3);
        var grad = Random(6, 2);
        float[][] Run(int threads)
        {
            float[] p = Random(7, 1), m = Random(8, 0.1f), v = Random(9, 0.01f).Select(Math.Abs).ToArray(), vmax = Random(10, 0.01f).Select(Math.Abs).ToArray();
            using (Threading.Override(threads)) OptimizerKernels.Adam(p, grad, m, v, vmax, step);
            return [p, m, v, vmax];
        }
        var reference = Run(1);
        for (int threads = 2; threads <= 4; threads++)
        {
            var other = Run(threads);
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], other[i]);
        }
    }
}
