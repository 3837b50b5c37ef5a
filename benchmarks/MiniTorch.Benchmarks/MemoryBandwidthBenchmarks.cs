using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Tensors;

namespace MiniTorch.Benchmarks;

/// <summary>
/// The machine's memory bandwidth over 16M float32 (64 MB per array, beyond the caches), from
/// raw vector loops: a read (summing with four accumulators, the most a reduction can stream),
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
    public float ReadSum() => ReadLoop(_b);

    [Benchmark]
    [BytesPerElement(4)]
    public TensorData MiniTorchSum() => _tensor.Sum();

    [Benchmark]
    [BytesPerElement(8)] // read b, write a (write-allocate traffic not counted, as STREAM does)
    public void Copy() => _b.AsSpan().CopyTo(_a);

    [Benchmark]
    [BytesPerElement(12)] // read b and c, write a
    public void Triad() => TriadLoop(_a, _b, _c, 3f);

    /// <summary>Sum with four independent vector accumulators at the widest accelerated width.</summary>
    private static float ReadLoop(float[] x)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float total = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (nuint w = (nuint)Vector512<float>.Count; i + 4 * w <= n; i += 4 * w)
            {
                s0 += Vector512.LoadUnsafe(ref r, i); s1 += Vector512.LoadUnsafe(ref r, i + w);
                s2 += Vector512.LoadUnsafe(ref r, i + 2 * w); s3 += Vector512.LoadUnsafe(ref r, i + 3 * w);
            }
            total = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (nuint w = (nuint)Vector256<float>.Count; i + 4 * w <= n; i += 4 * w)
            {
                s0 += Vector256.LoadUnsafe(ref r, i); s1 += Vector256.LoadUnsafe(ref r, i + w);
                s2 += Vector256.LoadUnsafe(ref r, i + 2 * w); s3 += Vector256.LoadUnsafe(ref r, i + 3 * w);
            }
            total = Vector256.Sum((s0 + s1) + (s2 + s3));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (nuint w = (nuint)Vector128<float>.Count; i + 4 * w <= n; i += 4 * w)
            {
                s0 += Vector128.LoadUnsafe(ref r, i); s1 += Vector128.LoadUnsafe(ref r, i + w);
                s2 += Vector128.LoadUnsafe(ref r, i + 2 * w); s3 += Vector128.LoadUnsafe(ref r, i + 3 * w);
            }
            total = Vector128.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < n; i++) total += Unsafe.Add(ref r, i);
        return total;
    }

    /// <summary>a = b·s + c (multiply then add) at the widest accelerated width.</summary>
    private static void TriadLoop(float[] a, float[] b, float[] c, float s)
    {
        ref float ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref float rb = ref MemoryMarshal.GetArrayDataReference(b);
        ref float rc = ref MemoryMarshal.GetArrayDataReference(c);
        nuint n = (nuint)a.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (nuint w = (nuint)Vector512<float>.Count; i + w <= n; i += w)
                (Vector512.LoadUnsafe(ref rb, i) * s + Vector512.LoadUnsafe(ref rc, i)).StoreUnsafe(ref ra, i);
        else if (Vector256.IsHardwareAccelerated)
            for (nuint w = (nuint)Vector256<float>.Count; i + w <= n; i += w)
                (Vector256.LoadUnsafe(ref rb, i) * s + Vector256.LoadUnsafe(ref rc, i)).StoreUnsafe(ref ra, i);
        else if (Vector128.IsHardwareAccelerated)
            for (nuint w = (nuint)Vector128<float>.Count; i + w <= n; i += w)
                (Vector128.LoadUnsafe(ref rb, i) * s + Vector128.LoadUnsafe(ref rc, i)).StoreUnsafe(ref ra, i);
        for (; i < n; i++) Unsafe.Add(ref ra, i) = Unsafe.Add(ref rb, i) * s + Unsafe.Add(ref rc, i);
    }
}

/// <summary>Adds the "% of ReadSum" column.</summary>
public sealed class MemoryBandwidthConfig : ManualConfig
{
    public MemoryBandwidthConfig() => AddColumn(new BandwidthShareColumn(nameof(MemoryBandwidthBenchmarks.ReadSum)));
}
