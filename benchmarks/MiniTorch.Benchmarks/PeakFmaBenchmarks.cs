using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks;

/// <summary>
/// The machine's fused multiply-add peak: 12 independent FMA chains per thread (enough to hide the
/// FMA latency on both pipes), on 1 and 2 threads through the same worker pool the kernels use.
/// The GEMM and convolution tables report their GFLOP/s against these numbers.
/// </summary>
[Config(typeof(GflopsConfig))]
public class PeakFmaBenchmarks
{
    private const int Iterations = 1 << 20;

    [Params(1, 2)]
    public int Threads;

    [Benchmark]
    public void Vector256Fma12Chains() => Threading.For(Threads, new Body256(), Threads);

    /// <summary>The same on 512-bit vectors (does nothing where Vector512 is not accelerated).</summary>
    [Benchmark]
    public void Vector512Fma12Chains() => Threading.For(Threads, new Body512(), Threads);

    public static double FlopsPerOperation(BenchmarkCase c)
    {
        int lanes = c.Descriptor.WorkloadMethod.Name == nameof(Vector512Fma12Chains)
            ? (Vector512.IsHardwareAccelerated ? Vector512<float>.Count : 0)
            : Vector256<float>.Count;
        return 2.0 * 12 * lanes * Iterations * GflopsColumn.Parameter(c, "Threads");
    }

    private readonly struct Body256 : IParallelBody
    {
        public void Invoke(int index) => Chains256(Iterations);
    }

    private readonly struct Body512 : IParallelBody
    {
        public void Invoke(int index)
        {
            if (Vector512.IsHardwareAccelerated) Chains512(Iterations);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(int iterations)
    {
        var x = Vector256.Create(0.999f);
        var y = Vector256.Create(0.001f);
        Vector256<float> a0 = Vector256<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(int iterations)
    {
        var x = Vector512.Create(0.999f);
        var y = Vector512.Create(0.001f);
        Vector512<float> a0 = Vector512<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
