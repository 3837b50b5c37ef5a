using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Convolution;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks;

/// <summary>
/// conv2d on a 64x16x28x28 float32 input with 32x16x3x3 filters, stride 1, padding 1 (an
/// MNIST-sized convolution layer), forward and both gradients, in GFLOP/s.
/// </summary>
[Config(typeof(GflopsConfig))]
public class ConvolutionBenchmarks
{
    private static readonly int[] InputShape = [64, 16, 28, 28];
    private static readonly int[] WeightShape = [32, 16, 3, 3];
    private TensorData _input = null!, _weight = null!, _bias = null!, _gradOutput = null!;
    private float[] _output = null!, _gradInput = null!;
    private ConvGeometry _geometry;

    [Params(1, 2)]
    public int Threads;

    [GlobalSetup]
    public void Setup()
    {
        Threading.ThreadCount = Threads;
        var rng = new Random(42);
        _input = GemmBenchmarks.RandomMatrix(rng, InputShape);
        _weight = GemmBenchmarks.RandomMatrix(rng, WeightShape);
        _bias = GemmBenchmarks.RandomMatrix(rng, 32);
        _gradOutput = GemmBenchmarks.RandomMatrix(rng, 64, 32, 28, 28);
        _geometry = ConvGeometry.Create(InputShape, WeightShape, (1, 1), (1, 1), (1, 1), 1, "conv2d");
        _output = new float[ShapeUtil.Numel(_geometry.OutputShape)];
        _gradInput = new float[ShapeUtil.Numel(InputShape)];
    }

    [Benchmark]
    public TensorData Conv2dForward() => TensorData.Conv2d(_input, _weight, _bias, (1, 1), (1, 1), (1, 1), 1);

    /// <summary>The public call inside a <see cref="StorageScope"/>: the 6.4 MB result comes from the pool (docs/memory.md).</summary>
    [Benchmark]
    public int Conv2dForwardInScope()
    {
        using var scope = StorageScope.Begin();
        return Conv2dForward().Numel;
    }

    /// <summary>
    /// The forward kernel alone, writing into an output allocated once: the difference to
    /// <see cref="Conv2dForward"/> is the cost of allocating a fresh 6.4 MB result per call.
    /// </summary>
    [Benchmark]
    public unsafe void Conv2dForwardIntoPreallocatedOutput()
    {
        fixed (float* x = _input.Span<float>())
        fixed (float* w = _weight.Span<float>())
        fixed (float* b = _bias.Span<float>())
        fixed (float* y = _output)
        {
            Conv2dKernels<float>.Forward(_geometry, x, w, b, y, Threads);
        }
    }

    [Benchmark]
    public TensorData Conv2dBackwardInput() => TensorData.Conv2dBackwardInput(_gradOutput, _weight, InputShape, (1, 1), (1, 1), (1, 1), 1);

    /// <summary>The input-gradient kernel alone, into a gradient allocated once (as <see cref="Conv2dForwardIntoPreallocatedOutput"/>).</summary>
    [Benchmark]
    public unsafe void Conv2dBackwardInputIntoPreallocated()
    {
        fixed (float* dy = _gradOutput.Span<float>())
        fixed (float* w = _weight.Span<float>())
        fixed (float* dx = _gradInput)
        {
            Conv2dKernels<float>.BackwardInput(_geometry, dy, w, dx, Threads);
        }
    }

    [Benchmark]
    public TensorData Conv2dBackwardWeight() => TensorData.Conv2dBackwardWeight(_gradOutput, _input, WeightShape, (1, 1), (1, 1), (1, 1), 1);

    /// <summary>Each of the three is one multiply-add per (image, output channel, input channel, tap, output pixel).</summary>
    public static double FlopsPerOperation(BenchmarkCase c) => 2.0 * 64 * 32 * 16 * 9 * 28 * 28;
}
