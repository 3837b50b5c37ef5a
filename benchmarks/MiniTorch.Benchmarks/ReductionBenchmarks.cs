using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Tensors;

namespace MiniTorch.Benchmarks;

/// <summary>
/// Sums of float32 vectors, from cache-resident to 16M (64 MB, beyond the caches; see
/// <see cref="MemoryBandwidthBenchmarks"/> for the bandwidth it is bounded by), with
/// <see cref="TensorPrimitives"/> as the baseline and a strictly ordered scalar loop beside it.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
public class ReductionBenchmarks
{
    [Params(4_099, 1_048_576, 16 * 1024 * 1024)]
    public int N { get; set; }

    private float[] _x = [];
    private TensorData _tensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _x = Enumerable.Range(0, N).Select(_ => rng.NextSingle()).ToArray();
        _tensor = TensorData.FromArray(_x, N);
    }

    [Benchmark(Baseline = true)]
    [BytesPerElement(4)]
    public float TensorPrimitivesSum() => TensorPrimitives.Sum(_x);

    [Benchmark]
    [BytesPerElement(4)]
    public TensorData MiniTorchSum() => _tensor.Sum();

    /// <summary>A plain loop: what an unvectorized (and strictly ordered) sum costs.</summary>
    [Benchmark]
    [BytesPerElement(4)]
    public float ScalarLoopSum()
    {
        float s = 0;
        foreach (var v in _x) s += v;
        return s;
    }
}
