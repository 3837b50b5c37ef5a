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
    /// <summary>Elements per operand; each family declares its sizes with <c>[Params]</c>.</summary>
    public abstract int N { get; set; }

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

/// <summary>
/// Binary arithmetic (add, mul): purely memory-bound kernels. The fresh-tensor target is within
/// 1.5x of TensorPrimitives writing into a preallocated span, read off the Ratio column at 1M.
/// </summary>
public class ElementwiseArithmeticBenchmarks : ElementwiseBenchmarkBase
{
    [Params(1_000, 4_099, 1_048_576)]
    public override int N { get; set; }

    [Params("add", "mul")]
    public string Op { get; set; } = "add";

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesIntoSpan()
    {
        if (Op == "add") TensorPrimitives.Add(X, Y, Destination);
        else TensorPrimitives.Multiply(X, Y, Destination);
    }

    [Benchmark]
    public void MiniTorchIntoSpan()
    {
        if (Op == "add") ElementwiseLoops.Binary<float, AddOperator<float>>(X, Y, Destination);
        else ElementwiseLoops.Binary<float, MultiplyOperator<float>>(X, Y, Destination);
    }

    [Benchmark]
    public TensorData MiniTorchFreshTensor() => Op == "add" ? TensorX.Add(TensorY) : TensorX.Mul(TensorY);

    /// <summary>The same call inside a <see cref="StorageScope"/>: the new tensor's storage comes from the pool (docs/memory.md).</summary>
    [Benchmark]
    public int MiniTorchFreshTensorInScope()
    {
        using var scope = StorageScope.Begin();
        return MiniTorchFreshTensor().Numel;
    }
}

/// <summary>
/// Transcendentals (exp, tanh, sigmoid): compute-bound, so the polynomial kernels show. Targets
/// at 1M on one thread: exp at least 2.0 G elements/s, tanh and sigmoid at least 1.2.
/// </summary>
public class TranscendentalBenchmarks : ElementwiseBenchmarkBase
{
    [Params(4_099, 1_048_576)]
    public override int N { get; set; }

    [Params("exp", "tanh", "sigmoid")]
    public string Function { get; set; } = "exp";

    protected override (float low, float high) InputRange => (-10f, 10f);

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesIntoSpan()
    {
        switch (Function)
        {
            case "exp": TensorPrimitives.Exp(X, Destination); break;
            case "tanh": TensorPrimitives.Tanh(X, Destination); break;
            default: TensorPrimitives.Sigmoid(X, Destination); break;
        }
    }

    [Benchmark]
    public void MiniTorchIntoSpan()
    {
        switch (Function)
        {
            case "exp": ElementwiseLoops.Unary<float, ExpOperator<float>>(X, Destination); break;
            case "tanh": ElementwiseLoops.Unary<float, TanhOperator<float>>(X, Destination); break;
            default: ElementwiseLoops.Unary<float, SigmoidOperator<float>>(X, Destination); break;
        }
    }

    [Benchmark]
    public TensorData MiniTorchFreshTensor() => Function switch
    {
        "exp" => TensorX.Exp(),
        "tanh" => TensorX.Tanh(),
        _ => TensorX.Sigmoid(),
    };

    /// <summary>The same call inside a <see cref="StorageScope"/>: the new tensor's storage comes from the pool (docs/memory.md).</summary>
    [Benchmark]
    public int MiniTorchFreshTensorInScope()
    {
        using var scope = StorageScope.Begin();
        return MiniTorchFreshTensor().Numel;
    }
}

/// <summary>
/// Add on 1M floats under every vector path (four jobs, see <see cref="VectorPathsConfig"/>):
/// shows what each path the tests cover is worth. Opted in by attribute because it costs 4x;
/// any other class can be run the same way with <c>--vector-paths</c>.
/// </summary>
[VectorPaths]
public class VectorPathAddBenchmarks : ElementwiseBenchmarkBase
{
    [Params(1_048_576)]
    public override int N { get; set; }

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesAdd() => TensorPrimitives.Add(X, Y, Destination);

    [Benchmark]
    public void MiniTorchAddIntoSpan() => ElementwiseLoops.Binary<float, AddOperator<float>>(X, Y, Destination);
}
