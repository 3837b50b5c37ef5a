using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks;

/// <summary>
/// SGEMM C = A B on square float32 matrices through the public <see cref="TensorData.Gemm(TensorData, TensorData, TensorData, bool)"/>,
/// on 1 and 2 threads, reported in GFLOP/s next to <see cref="PeakFmaBenchmarks"/>.
/// Run together: <c>--filter '*Gemm*' '*PeakFma*'</c>.
/// </summary>
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks
{
    private TensorData _a = null!, _b = null!, _c = null!;

    [Params(64, 128, 256, 512, 1024)]
    public int N;

    [Params(1, 2)]
    public int Threads;

    [GlobalSetup]
    public void Setup()
    {
        Threading.ThreadCount = Threads;
        var rng = new Random(42);
        _a = RandomMatrix(rng, N, N);
        _b = RandomMatrix(rng, N, N);
        _c = TensorData.Zeros(DType.Float32, N, N);
    }

    [Benchmark]
    public void Sgemm() => TensorData.Gemm(_a, _b, _c);

    public static double FlopsPerOperation(BenchmarkCase c)
    {
        double n = GflopsColumn.Parameter(c, "N");
        return 2 * n * n * n;
    }

    internal static TensorData RandomMatrix(Random rng, params int[] shape)
    {
        var values = new float[ShapeUtil.Numel(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return TensorData.FromArray(values, shape);
    }
}
