using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>Normalizes over the trailing <see cref="NormalizedShape"/> dims (biased variance); no buffers, same in train and eval.</summary>
public class LayerNorm : Module<Tensor, Tensor>
{
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
    {
        NormalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        Weight = RegisterParameter("weight", elementwiseAffine ? new Parameter(Torch.Ones(dtype, NormalizedShape)) : null);
        Bias = RegisterParameter("bias", elementwiseAffine && bias ? new Parameter(Torch.Zeros(dtype, NormalizedShape)) : null);
    }

    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
        : this([normalizedShape], eps, elementwiseAffine, bias, dtype) { }

    public int[] NormalizedShape { get; }
    public double Eps { get; }
    public bool ElementwiseAffine { get; }
    public Parameter? Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input) => F.LayerNorm(input, NormalizedShape, Weight, Bias, Eps);

    public override string ExtraRepr() =>
        $"({string.Join(", ", NormalizedShape)}{(NormalizedShape.Length == 1 ? "," : "")}), eps={PythonFormat.Float(Eps)}, elementwise_affine={PythonFormat.Bool(ElementwiseAffine)}";
}
