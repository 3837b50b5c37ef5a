using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

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
            var read = new ReadLoop(b, N);
            LaneWidth.Run<float, ReadLoop>(ref read);
            return read.Total;
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
            var triad = new TriadLoop(a, b, c, 3f, N);
            LaneWidth.Run<float, TriadLoop>(ref triad);
        }
    }

    /// <summary>Sum with eight independent vector accumulators (two cache lines per step at 512 bits), then the tail.</summary>
    private unsafe struct ReadLoop(float* x, int n) : ILaneKernel<float>
    {
        public float Total;

        public void Run<TL>() where TL : struct, ILane<TL, float>
        {
            int w = TL.Count, i = 0;
            TL s0 = TL.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (; i + 8 * w <= n; i += 8 * w)
            {
                s0 += TL.Load(x + i);
                s1 += TL.Load(x + i + w);
                s2 += TL.Load(x + i + 2 * w);
                s3 += TL.Load(x + i + 3 * w);
                s4 += TL.Load(x + i + 4 * w);
                s5 += TL.Load(x + i + 5 * w);
                s6 += TL.Load(x + i + 6 * w);
                s7 += TL.Load(x + i + 7 * w);
            }
            float total = TL.Sum(s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7)));
            for (; i < n; i++) total += x[i];
            Total = total;
        }
    }

    /// <summary>a = b·s + c, one vector at a time, then the tail.</summary>
    private readonly unsafe struct TriadLoop(float* a, float* b, float* c, float s, int n) : ILaneKernel<float>
    {
        public void Run<TL>() where TL : struct, ILane<TL, float>
        {
            int w = TL.Count, i = 0;
            TL scale = TL.Create(s);
            for (; i + w <= n; i += w) TL.Store(TL.MultiplyAdd(TL.Load(b + i), scale, TL.Load(c + i)), a + i);
            for (; i < n; i++) a[i] = b[i] * s + c[i];
        }
    }
}

/// <summary>Adds the "% of ReadSum" column.</summary>
public sealed class MemoryBandwidthConfig : ManualConfig
{
    public MemoryBandwidthConfig() => AddColumn(new BandwidthShareColumn(nameof(MemoryBandwidthBenchmarks.ReadSum)));
}
