using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>PyTorch's parameter initialisations (torch.nn.init), drawn from a seedable generator.</summary>
public static class Init
{
    /// <summary>fan_in = size(1)·prod(size[2:]), fan_out = size(0)·prod(size[2:]); needs at least 2 dims.</summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape {ShapeUtil.Format(shape)})");
        int receptive = 1;
        for (int d = 2; d < shape.Length; d++) receptive *= shape[d];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>U(low, high) written into <paramref name="tensor"/> outside the graph.</summary>
    public static void Uniform(Tensor tensor, double low, double high, Generator? generator = null)
    {
        using (Torch.NoGrad())
            tensor.CopyInPlace(Torch.Uniform(tensor.Shape.ToArray(), low, high, tensor.DType, generator));
    }

    /// <summary>N(0, 1) written into <paramref name="tensor"/> outside the graph.</summary>
    public static void Normal(Tensor tensor, Generator? generator = null)
    {
        using (Torch.NoGrad())
            tensor.CopyInPlace(Torch.Randn(tensor.Shape.ToArray(), tensor.DType, generator));
    }

    /// <summary>
    /// kaiming_uniform_(a, mode=fan_in, nonlinearity=leaky_relu): bound = sqrt(3)·gain/sqrt(fan_in)
    /// with gain = sqrt(2/(1+a²)). With a = √5, PyTorch's Linear/Conv default, bound = 1/sqrt(fan_in).
    /// </summary>
    public static void KaimingUniform(Tensor tensor, double a = 0, Generator? generator = null)
    {
        var (fanIn, _) = CalculateFanInAndFanOut(tensor.Shape);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double bound = fanIn == 0 ? 0 : Math.Sqrt(3.0) * gain / Math.Sqrt(fanIn);
        Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>The bias default of Linear and Conv: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), zero bound when fan_in is 0.</summary>
    public static void BiasUniform(Tensor bias, Tensor weight, Generator? generator = null)
    {
        var (fanIn, _) = CalculateFanInAndFanOut(weight.Shape);
        double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform(bias, -bound, bound, generator);
    }
}
