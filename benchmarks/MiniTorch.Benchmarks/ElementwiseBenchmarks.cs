using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Benchmarks;

/// <summary>
/// Shared set-up for the elementwise families: float32 operands of N elements, N including
/// sizes that are not multiples of any vector width. <see cref="TensorPrimitives"/> writing into
/// a preallocated span is the baseline; MiniTorch is measured into a preallocated span (the loop
/// template alone) and into a fresh tensor (what <c>x.Add(y)</c> costs a caller, allocation included).
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
public abstract class ElementwiseBenchmarkBase
{
    [Params(1_000, 4_099, 1_048_576)]
    public int N { get; set; }

    protected float[] X = [];
    protected float[] Y = [];
    protected float[] Destination = [];
    protected TensorData TensorX = null!;
    protected TensorData TensorY = null!;

    /// <summary>Range of the inputs; exp keeps them where the result is finite.</summary>
    protected virtual (float low, float high) InputRange => (-4f, 4f);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var (low, high) = InputRange;
        X = Enumerable.Range(0, N).Select(_ => low + (high - low) * rng.NextSingle()).ToArray();
        Y = Enumerable.Range(0, N).Select(_ => low + (high - low) * rng.NextSingle()).ToArray();
        Destination = new float[N];
        TensorX = TensorData.FromArray(X, N);
        TensorY = TensorData.FromArray(Y, N);
    }
}

/// <summary>Binary arithmetic (add): a purely memory-bound kernel.</summary>
public class ElementwiseAddBenchmarks : ElementwiseBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesAdd() => TensorPrimitives.Add(X, Y, Destination);

    [Benchmark]
    public void MiniTorchAddIntoSpan() => ElementwiseLoops.Binary<float, AddOperator<float>>(X, Y, Destination);

    [Benchmark]
    public TensorData MiniTorchAddFreshTensor() => TensorX.Add(TensorY);
}

/// <summary>Transcendental (exp): compute-bound, so the polynomial kernel shows.</summary>
public class ElementwiseExpBenchmarks : ElementwiseBenchmarkBase
{
    protected override (float low, float high) InputRange => (-10f, 10f);

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesExp() => TensorPrimitives.Exp(X, Destination);

    [Benchmark]
    public void MiniTorchExpIntoSpan() => ElementwiseLoops.Unary<float, ExpOperator<float>>(X, Destination);

    [Benchmark]
    public TensorData MiniTorchExpFreshTensor() => TensorX.Exp();
}

/// <summary>
/// Add on 1M floats under every vector path (four jobs, see <see cref="VectorPathsConfig"/>):
/// shows what each path the tests cover is worth. Opted in by attribute because it costs 4x.
/// </summary>
[VectorPaths]
public class VectorPathAddBenchmarks : ElementwiseBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesAdd() => TensorPrimitives.Add(X, Y, Destination);

    [Benchmark]
    public void MiniTorchAddIntoSpan() => ElementwiseLoops.Binary<float, AddOperator<float>>(X, Y, Destination);
}
