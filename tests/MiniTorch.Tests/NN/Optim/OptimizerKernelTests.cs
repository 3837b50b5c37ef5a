using MiniTorch.Tensors.Kernels;
using MiniTorch.Tensors.Kernels.Optim;

namespace MiniTorch.Tests.Optim;

/// <summary>
/// The fused kernels against scalar loops written here from the documented formulas. The kernels
/// use only IEEE-exact operations in a fixed order, so every vector width must reproduce the
/// scalar loop bit for bit (in float32 and float64) at every length, including the tails; a
/// double-precision version of the same loop checks the float32 results stay close to exact math.
/// </summary>
public class OptimizerKernelTests(ITestOutputHelper output)
{
    private static readonly SgdStep[] SgdCases =
    [
        new(0.1, 0, 0, 0, false, false, false),
        new(0.05, 0.9, 0.1, 0.01, false, false, true),
        new(0.05, 0.9, 0.1, 0.01, false, false, false),
        new(0.1, 0.8, 0, 0, true, false, false),
        new(0.1, 0.5, 0.5, 0.1, false, true, false),
        new(0.3, 0.7, 0, 0.2, true, true, true),
    ];

    private static readonly AdamStep[] AdamCases =
    [
        new(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false, 1),
        new(0.01, 0.8, 0.95, 1e-6, 0.1, false, false, false, 3),
        new(0.01, 0.9, 0.999, 1e-8, 0, true, false, false, 7),
        new(0.01, 0.85, 0.99, 1e-8, 0.1, false, false, true, 2),
        new(0.1, 0.3, 0.5, 1e-3, 0.05, true, true, true, 5), // lerp weight 0.7 takes ATen's second lerp form
        new(0.1, 0, 0, 1e-8, 0, false, true, false, 1),
    ];

    public static TheoryData<int> SgdSteps() => [.. Enumerable.Range(0, SgdCases.Length)];
    public static TheoryData<int> AdamSteps() => [.. Enumerable.Range(0, AdamCases.Length)];

    [Theory]
    [MemberData(nameof(SgdSteps))]
    public void Sgd_MatchesTheScalarLoopBitForBit_AtEveryLength(int index)
    {
        var step = SgdCases[index];
        output.WriteLine($"vector path: {VectorPath.Describe()}");
        var random = new Random(17);
        for (int n = 0; n <= 200; n++)
        {
            CheckSgd<float>(step, n, random, (x, y) => x == y);
            CheckSgd<double>(step, n, random, (x, y) => x == y);
        }
    }

    [Theory]
    [MemberData(nameof(AdamSteps))]
    public void Adam_MatchesTheScalarLoopBitForBit_AtEveryLength(int index)
    {
        var step = AdamCases[index];
        var random = new Random(23);
        for (int n = 0; n <= 200; n++)
        {
            CheckAdam<float>(step, n, random);
            CheckAdam<double>(step, n, random);
        }
    }

    [Theory]
    [MemberData(nameof(AdamSteps))]
    public void Adam_Float32StaysCloseToDoublePrecisionMath(int index)
    {
        var step = AdamCases[index];
        var random = new Random(5);
        const int n = 97;
        var (p, g, m, v, vmax) = RandomAdamState<float>(n, random);
        var (pd, gd, md, vd, vmaxd) = (Widen(p), Widen(g), Widen(m), Widen(v), Widen(vmax));
        OptimizerKernels.Adam<float>(p, g, m, v, step.Amsgrad ? vmax : default, step);
        ReferenceAdam(pd, gd, md, vd, vmaxd, step);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(pd[i], p[i], 5e-6 * (1 + Math.Abs(pd[i])));
            Assert.Equal(md[i], m[i], 5e-6 * (1 + Math.Abs(md[i])));
            Assert.Equal(vd[i], v[i], 5e-6 * (1 + Math.Abs(vd[i])));
        }
    }

    [Fact]
    public void Kernels_RejectSpansOfDifferentLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerKernels.Sgd<float>(new float[4], new float[3], default, new SgdStep(0.1, 0, 0, 0, false, false, false)));
        Assert.Contains("grad has 3 elements but the parameter has 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => OptimizerKernels.Adam<float>(new float[4], new float[4], new float[4], new float[4], new float[2], new AdamStep(0.1, 0.9, 0.999, 1e-8, 0, true, false, false, 1)));
        Assert.Contains("max_exp_avg_sq has 2 elements", e.Message);
    }

    private static void CheckSgd<T>(SgdStep step, int n, Random random, Func<T, T, bool> equal) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var p = RandomArray<T>(n, random);
        var g = RandomArray<T>(n, random);
        var b = RandomArray<T>(n, random);
        var (pr, br) = ((T[])p.Clone(), (T[])b.Clone());
        OptimizerKernels.Sgd<T>(p, g, step.HasMomentum ? b : default, step);
        ReferenceSgd(pr, g, br, step);
        for (int i = 0; i < n; i++)
        {
            Assert.True(equal(pr[i], p[i]), $"{typeof(T).Name} n={n} param[{i}]: {p[i]} vs scalar {pr[i]}");
            Assert.True(equal(br[i], b[i]), $"{typeof(T).Name} n={n} momentum_buffer[{i}]: {b[i]} vs scalar {br[i]}");
        }
    }

    private static void CheckAdam<T>(AdamStep step, int n, Random random) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var (p, g, m, v, vmax) = RandomAdamState<T>(n, random);
        var (pr, mr, vr, vmaxr) = ((T[])p.Clone(), (T[])m.Clone(), (T[])v.Clone(), (T[])vmax.Clone());
        OptimizerKernels.Adam<T>(p, g, m, v, step.Amsgrad ? vmax : default, step);
        ReferenceAdam(pr, g, mr, vr, vmaxr, step);
        Assert.Equal(pr, p);
        Assert.Equal(mr, m);
        Assert.Equal(vr, v);
        Assert.Equal(vmaxr, vmax);
    }

    /// <summary>PyTorch's _single_tensor_sgd, element by element, op by op.</summary>
    private static void ReferenceSgd<T>(T[] p, T[] g, T[] buf, SgdStep s) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T lr = T.CreateTruncating(s.Lr), wd = T.CreateTruncating(s.WeightDecay), mu = T.CreateTruncating(s.Momentum), keep = T.CreateTruncating(1 - s.Dampening);
        for (int i = 0; i < p.Length; i++)
        {
            T d = s.Maximize ? -g[i] : g[i];
            if (s.WeightDecay != 0) d += wd * p[i];
            if (s.Momentum != 0)
            {
                buf[i] = s.FirstStep ? d : buf[i] * mu + keep * d;
                d = s.Nesterov ? d + mu * buf[i] : buf[i];
            }
            p[i] += -lr * d;
        }
    }

    /// <summary>PyTorch's _single_tensor_adam, element by element, op by op.</summary>
    private static void ReferenceAdam<T>(T[] p, T[] g, T[] m, T[] v, T[] vmax, AdamStep s) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        double bc1 = 1 - Math.Pow(s.Beta1, s.Step), bc2 = 1 - Math.Pow(s.Beta2, s.Step);
        T w = T.CreateTruncating(1 - s.Beta1), beta2 = T.CreateTruncating(s.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - s.Beta2);
        T wd = T.CreateTruncating(s.WeightDecay), decay = T.CreateTruncating(1 - s.Lr * s.WeightDecay);
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(bc2)), eps = T.CreateTruncating(s.Eps), negStep = T.CreateTruncating(-(s.Lr / bc1));
        for (int i = 0; i < p.Length; i++)
        {
            T d = s.Maximize ? -g[i] : g[i];
            if (s.WeightDecay != 0)
            {
                if (s.DecoupledWeightDecay) p[i] *= decay;
                else d += wd * p[i];
            }
            m[i] = T.Abs(w) < T.CreateTruncating(0.5) ? m[i] + w * (d - m[i]) : d - (d - m[i]) * (T.One - w);
            v[i] = v[i] * beta2 + oneMinusBeta2 * d * d;
            T second = v[i];
            if (s.Amsgrad) second = vmax[i] = T.Max(vmax[i], v[i]);
            p[i] += negStep * m[i] / (T.Sqrt(second) / bc2Sqrt + eps);
        }
    }

    private static (T[] P, T[] G, T[] M, T[] V, T[] VMax) RandomAdamState<T>(int n, Random random) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var v = RandomArray<T>(n, random).Select(T.Abs).ToArray();
        var vmax = v.Select((x, i) => i % 3 == 0 ? x * T.CreateTruncating(2) : x / T.CreateTruncating(2)).ToArray();
        return (RandomArray<T>(n, random), RandomArray<T>(n, random), RandomArray<T>(n, random), v, vmax);
    }

    private static T[] RandomArray<T>(int n, Random random) where T : struct, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        [.. Enumerable.Range(0, n).Select(i => i % 11 == 5 ? T.Zero : T.CreateTruncating(random.NextDouble() * 4 - 2))];

    private static double[] Widen(float[] x) => [.. x.Select(v => (double)v)];
}
