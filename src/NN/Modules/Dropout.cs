using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>Zeroes each element with probability p in training and scales the rest by 1/(1-p); the identity in eval.</summary>
public class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
        P = p;
        _generator = generator;
    }

    public double P { get; }

    public override Tensor Forward(Tensor input)
    {
        // As in PyTorch: eval, p = 0 and empty inputs return the input object itself.
        if (!Training || P == 0 || input.Numel == 0) return input;
        var keep = Torch.Bernoulli(input.Shape.ToArray(), 1 - P, input.DType, _generator);
        return F.DropoutWithMask(input, keep, P);
    }

    public override string ExtraRepr() => $"p={PythonFormat.Float(P)}, inplace=False";
}
