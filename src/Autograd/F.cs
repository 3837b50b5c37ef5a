using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

/// <summary>
/// Functional ops named like <c>torch.nn.functional</c>, with PyTorch's argument names in .NET
/// casing. Losses take <c>reduction</c> as "none", "mean" or "sum".
/// </summary>
public static partial class F
{
    public static Tensor Relu(Tensor input) => input.Relu();
    public static Tensor Tanh(Tensor input) => input.Tanh();
    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();
    public static Tensor Silu(Tensor input) => input.Silu();
    public static Tensor Gelu(Tensor input, string approximate = "none") => input.Gelu(approximate);
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => input.LeakyRelu(negativeSlope);
    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);
    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);

    /// <summary>y = input @ weightᵀ + bias over any leading dims; weight is [out_features, in_features].</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => Fn.Linear.Apply(input, weight, bias);

    /// <summary>Rows of <paramref name="weight"/> picked by the int64 <paramref name="input"/>; the padding_idx row gets no gradient.</summary>
    public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null) => Fn.Embedding.Apply(input, weight, paddingIdx);

    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1-p)
    /// (the mask is Bernoulli(1-p) from <paramref name="generator"/>, or the default generator).
    /// When not <paramref name="training"/>, or p = 0, or the input is empty, returns the input
    /// itself, as PyTorch does; p = 1 gives input·0.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        CheckDropoutProbability(p);
        if (!training || p == 0 || input.Numel == 0) return input;
        if (p == 1) return input * 0.0;
        var mask = TensorData.Bernoulli(input.Data.ShapeArray(), 1 - p, input.DType, generator);
        return MaskedScale.Apply(input, mask.MulInPlace(1 / (1 - p)));
    }

    /// <summary>
    /// Multiplies by a 0/1 <paramref name="mask"/> (same shape as the input) and scales by 1/(1-p):
    /// dropout with the random draw made by the caller.
    /// </summary>
    public static Tensor DropoutWithMask(Tensor input, Tensor mask, double p)
    {
        CheckDropoutProbability(p);
        if (!mask.Shape.SequenceEqual(input.Shape))
            throw new ArgumentException($"dropout: mask of shape {ShapeUtil.Format(mask.Shape)} does not match input of shape {ShapeUtil.Format(input.Shape)}");
        var scaled = p == 1 ? mask.Data.To(input.DType).Mul(0) : mask.Data.To(input.DType).Mul(1 / (1 - p));
        return MaskedScale.Apply(input, scaled);
    }

    private static void CheckDropoutProbability(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
    }
}
