using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Gemm;

namespace MiniTorch.Benchmarks;

/// <summary>
/// The machine's memory bandwidth over 16M float32 (64 MB per array, beyond the caches), from
/// raw vector loops: a read (summing with eight accumulators, as fast as a reduction can stream),
/// a copy and a triad (a = b·s + c). MiniTorch's sum of the same 16M floats sits beside them, so
/// its "% of ReadSum" is the fraction of the measured read bandwidth it reaches (target 90%).
/// </summary>
[ThroughputColumns]
[Config(typeof(MemoryBandwidthConfig))]
public class MemoryBandwidthBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private TensorData _tensor = null!;

    [Params(16 * 1024 * 1024)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _a = new float[N];
        _b = new float[N];
        _c = new float[N];
        for (int i = 0; i < N; i++) { _b[i] = rng.NextSingle(); _c[i] = rng.NextSingle(); }
        _tensor = TensorData.FromArray(_b, N);
    }

    [Benchmark(Baseline = true)]
    [BytesPerElement(4)]
    public unsafe float ReadSum()
    {
        fixed (float* b = _b)
        {
            if (Vector512.IsHardwareAccelerated) return ReadLoop<Vector512<float>, Simd512<float>>(b, N);
            if (Vector256.IsHardwareAccelerated) return ReadLoop<Vector256<float>, Simd256<float>>(b, N);
            if (Vector128.IsHardwareAccelerated) return ReadLoop<Vector128<float>, Simd128<float>>(b, N);
            return ReadLoop<float, ScalarOps<float>>(b, N);
        }
    }

    [Benchmark]
    [BytesPerElement(4)]
    public TensorData MiniTorchSum() => _tensor.Sum();

    [Benchmark]
    [BytesPerElement(8)] // read b, write a (write-allocate traffic not counted, as STREAM does)
    public void Copy() => _b.AsSpan().CopyTo(_a);

    [Benchmark]
    [BytesPerElement(12)] // read b and c, write a
    public unsafe void Triad()
    {
        fixed (float* a = _a, b = _b, c = _c)
        {
            if (Vector512.IsHardwareAccelerated) TriadLoop<Vector512<float>, Simd512<float>>(a, b, c, 3f, N);
            else if (Vector256.IsHardwareAccelerated) TriadLoop<Vector256<float>, Simd256<float>>(a, b, c, 3f, N);
            else if (Vector128.IsHardwareAccelerated) TriadLoop<Vector128<float>, Simd128<float>>(a, b, c, 3f, N);
            else TriadLoop<float, ScalarOps<float>>(a, b, c, 3f, N);
        }
    }

    /// <summary>Sum with eight independent vector accumulators (two cache lines per step at 512 bits), then the tail.</summary>
    private static unsafe float ReadLoop<TVec, TOps>(float* x, int n) where TVec : struct where TOps : struct, ISimdOps<TVec, float>
    {
        int w = TOps.Count, i = 0;
        TVec s0 = TOps.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (; i + 8 * w <= n; i += 8 * w)
        {
            s0 = TOps.Add(s0, TOps.Load(x + i));
            s1 = TOps.Add(s1, TOps.Load(x + i + w));
            s2 = TOps.Add(s2, TOps.Load(x + i + 2 * w));
            s3 = TOps.Add(s3, TOps.Load(x + i + 3 * w));
            s4 = TOps.Add(s4, TOps.Load(x + i + 4 * w));
            s5 = TOps.Add(s5, TOps.Load(x + i + 5 * w));
            s6 = TOps.Add(s6, TOps.Load(x + i + 6 * w));
            s7 = TOps.Add(s7, TOps.Load(x + i + 7 * w));
        }
        float total = TOps.Sum(TOps.Add(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)), TOps.Add(TOps.Add(s4, s5), TOps.Add(s6, s7))));
        for (; i < n; i++) total += x[i];
        return total;
    }

    /// <summary>a = b·s + c, one vector at a time, then the tail.</summary>
    private static unsafe void TriadLoop<TVec, TOps>(float* a, float* b, float* c, float s, int n) where TVec : struct where TOps : struct, ISimdOps<TVec, float>
    {
        int w = TOps.Count, i = 0;
        TVec scale = TOps.Broadcast(s);
        for (; i + w <= n; i += w) TOps.Store(TOps.MultiplyAdd(TOps.Load(b + i), scale, TOps.Load(c + i)), a + i);
        for (; i < n; i++) a[i] = b[i] * s + c[i];
    }
}

/// <summary>Adds the "% of ReadSum" column.</summary>
public sealed class MemoryBandwidthConfig : ManualConfig
{
    public MemoryBandwidthConfig() => AddColumn(new BandwidthShareColumn(nameof(MemoryBandwidthBenchmarks.ReadSum)));
}
