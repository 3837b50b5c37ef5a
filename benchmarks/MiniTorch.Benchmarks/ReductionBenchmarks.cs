using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MiniTorch.Benchmarks.Config;

namespace MiniTorch.Benchmarks;

/// <summary>
/// Sum of 16M float32 (64 MB, twice this machine's 32 MB L3) beside the memory bandwidth the
/// same data can stream at: a copy and a triad (a = b * s + c) over arrays far larger than L3.
/// One class, so the GB/s column of the sum can be read as a fraction of the machine's bandwidth.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
public class ReductionBenchmarks
{
    [Params(16 * 1024 * 1024)]
    public int N { get; set; }

    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _a = new float[N];
        _b = Enumerable.Range(0, N).Select(_ => rng.NextSingle()).ToArray();
        _c = Enumerable.Range(0, N).Select(_ => rng.NextSingle()).ToArray();
    }

    [Benchmark(Baseline = true)]
    [BytesPerElement(4)]
    public float TensorPrimitivesSum() => TensorPrimitives.Sum(_b);

    /// <summary>A plain loop: what an unvectorized (and strictly ordered) sum costs.</summary>
    [Benchmark]
    [BytesPerElement(4)]
    public float ScalarLoopSum()
    {
        float s = 0;
        foreach (var v in _b) s += v;
        return s;
    }

    [Benchmark]
    [BytesPerElement(8)] // read b, write a (write-allocate traffic not counted, as STREAM does)
    public void Copy() => _b.AsSpan().CopyTo(_a);

    [Benchmark]
    [BytesPerElement(12)] // read b and c, write a
    public void Triad() => TensorPrimitives.MultiplyAdd(_b, 3f, _c, _a);
}
