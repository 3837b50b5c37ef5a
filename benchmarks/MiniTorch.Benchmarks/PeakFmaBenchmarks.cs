using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Tensors.Kernels;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks;

/// <summary>
/// The machine's fused multiply-add peak: 12 independent FMA chains per thread (enough to hide the
/// FMA latency on both pipes), written with the same vector operations as the GEMM micro-kernel, on 1 and 2 threads through the same worker pool the kernels use.
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
        public void Invoke(int index) => Chains<Lane256<float>>(Iterations);
    }

    private readonly struct Body512 : IParallelBody
    {
        public void Invoke(int index)
        {
            if (Vector512.IsHardwareAccelerated) Chains<Lane512<float>>(Iterations);
        }
    }

    /// <summary>12 independent multiply-add chains through the vector operations the GEMM kernel uses.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TL Chains<TL>(int iterations) where TL : struct, ILane<TL, float>
    {
        TL x = TL.Create(0.999f), y = TL.Create(0.001f);
        TL a0 = TL.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = TL.MultiplyAdd(a0, x, y); a1 = TL.MultiplyAdd(a1, x, y); a2 = TL.MultiplyAdd(a2, x, y);
            a3 = TL.MultiplyAdd(a3, x, y); a4 = TL.MultiplyAdd(a4, x, y); a5 = TL.MultiplyAdd(a5, x, y);
            a6 = TL.MultiplyAdd(a6, x, y); a7 = TL.MultiplyAdd(a7, x, y); a8 = TL.MultiplyAdd(a8, x, y);
            a9 = TL.MultiplyAdd(a9, x, y); a10 = TL.MultiplyAdd(a10, x, y); a11 = TL.MultiplyAdd(a11, x, y);
        }
        return a0 + a1 + (a2 + a3) + (a4 + a5 + (a6 + a7) + (a8 + a9 + (a10 + a11)));
    }
}
