using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Tensors.Kernels.Gemm;
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
        public void Invoke(int index) => Chains<Vector256<float>, Simd256<float>>(Iterations);
    }

    private readonly struct Body512 : IParallelBody
    {
        public void Invoke(int index)
        {
            if (Vector512.IsHardwareAccelerated) Chains<Vector512<float>, Simd512<float>>(Iterations);
        }
    }

    /// <summary>12 independent multiply-add chains through the vector operations the GEMM kernel uses.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TVec Chains<TVec, TOps>(int iterations) where TVec : struct where TOps : struct, ISimdOps<TVec, float>
    {
        TVec x = TOps.Broadcast(0.999f), y = TOps.Broadcast(0.001f);
        TVec a0 = TOps.Broadcast(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = TOps.MultiplyAdd(a0, x, y); a1 = TOps.MultiplyAdd(a1, x, y); a2 = TOps.MultiplyAdd(a2, x, y);
            a3 = TOps.MultiplyAdd(a3, x, y); a4 = TOps.MultiplyAdd(a4, x, y); a5 = TOps.MultiplyAdd(a5, x, y);
            a6 = TOps.MultiplyAdd(a6, x, y); a7 = TOps.MultiplyAdd(a7, x, y); a8 = TOps.MultiplyAdd(a8, x, y);
            a9 = TOps.MultiplyAdd(a9, x, y); a10 = TOps.MultiplyAdd(a10, x, y); a11 = TOps.MultiplyAdd(a11, x, y);
        }
        return TOps.Add(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)), TOps.Add(TOps.Add(TOps.Add(a4, a5), TOps.Add(a6, a7)), TOps.Add(TOps.Add(a8, a9), TOps.Add(a10, a11))));
    }
}
