using MiniTorch.Tensors;

namespace MiniTorch.NN;

// Stateless activation layers: each is its functional op as a module, printed like PyTorch's.

public class ReLU : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

public class Tanh : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}

public class Sigmoid : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

public class SiLU : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Silu();
}

/// <summary>GELU with the exact erf form ("none") or the tanh approximation ("tanh").</summary>
public class GELU : Module<Tensor, Tensor>
{
    public GELU(string approximate = "none")
    {
        ActivationOps.CheckGeluApproximation(approximate);
        Approximate = approximate;
    }

    public string Approximate { get; }
    public override Tensor Forward(Tensor input) => input.Gelu(Approximate);
    public override string ExtraRepr() => $"approximate='{Approximate}'";
}

public class LeakyReLU(double negativeSlope = 0.01) : Module<Tensor, Tensor>
{
    public double NegativeSlope { get; } = negativeSlope;
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
    public override string ExtraRepr() => $"negative_slope={PythonFormat.Float(NegativeSlope)}";
}

/// <summary>Flattens dims start..end (by default everything but the batch dim).</summary>
public class Flatten(int startDim = 1, int endDim = -1) : Module<Tensor, Tensor>
{
    public int StartDim { get; } = startDim;
    public int EndDim { get; } = endDim;
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);
    public override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}
