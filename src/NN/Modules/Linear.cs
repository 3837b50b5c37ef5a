using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>y = x·Wᵀ + b over any leading dims; weight [out, in], bias [out].</summary>
public class Linear : Module<Tensor, Tensor>
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inFeatures < 0 || outFeatures < 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs non-negative sizes, got in_features={inFeatures}, out_features={outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", new Parameter(Torch.Zeros(dtype, outFeatures, inFeatures)));
        Bias = RegisterParameter("bias", bias ? new Parameter(Torch.Zeros(dtype, outFeatures)) : null);
        // PyTorch's reset_parameters: kaiming_uniform_(a=√5), i.e. U(±1/√in), weight before bias.
        Init.KaimingUniform(Weight, Math.Sqrt(5), generator);
        if (Bias != null) Init.BiasUniform(Bias, Weight, generator);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input) => F.Linear(input, Weight, Bias);

    public override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias != null ? "True" : "False")}";
}
