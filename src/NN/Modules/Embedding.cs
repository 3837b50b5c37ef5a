using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>A lookup table of <see cref="NumEmbeddings"/> vectors; the padding_idx row starts at zero and never gets a gradient.</summary>
public class Embedding : Module<Tensor, Tensor>
{
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (paddingIdx is int p)
        {
            if (p >= numEmbeddings || p < -numEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Padding_idx must be within num_embeddings ({numEmbeddings})");
            paddingIdx = p < 0 ? numEmbeddings + p : p;
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx;
        Weight = RegisterParameter("weight", new Parameter(Torch.Zeros(dtype, numEmbeddings, embeddingDim)));
        Init.Normal(Weight, generator);
        if (PaddingIdx is int row)
            using (Torch.NoGrad()) Weight.Select(0, row).FillInPlace(0);
    }

    public int NumEmbeddings { get; }
    public int EmbeddingDim { get; }
    public int? PaddingIdx { get; }
    public Parameter Weight { get; }

    public override Tensor Forward(Tensor input) => F.Embedding(input, Weight, PaddingIdx);

    public override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}{(PaddingIdx is int p ? $", padding_idx={p}" : "")}";
}
