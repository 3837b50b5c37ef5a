using BenchmarkDotNet.Attributes;
using MiniTorch.Tensors;

namespace MiniTorch.Benchmarks;

/// <summary>
/// The fixed cost of autograd on tensors too small for the kernels to matter: four-element
/// tensors through mul, add, tanh and sum, then backward into two leaves. The target is at most
/// 5 µs per forward+backward; the no-grad forward alone shows what recording the graph adds.
/// </summary>
[MemoryDiagnoser]
public class AutogradOverheadBenchmarks
{
    private readonly Tensor _x = new(TensorData.FromArray(new float[] { 0.5f, -1f, 2f, 0.25f }, 4), requiresGrad: true);
    private readonly Tensor _w = new(TensorData.FromArray(new float[] { 1.5f, 0.5f, -0.75f, 2f }, 4), requiresGrad: true);
    private readonly Tensor _b = new(TensorData.FromArray(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, 4));

    [Benchmark(Baseline = true)]
    public Tensor ForwardNoGrad()
    {
        using (Torch.NoGrad()) return (_x * _w + _b).Tanh().Sum();
    }

    [Benchmark]
    public Tensor ForwardBackward()
    {
        _x.Grad = null;
        _w.Grad = null;
        var loss = (_x * _w + _b).Tanh().Sum();
        loss.Backward();
        return loss;
    }
}
