using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>
/// The sinusoidal position table of "Attention Is All You Need", held as a persistent buffer
/// <c>pe</c> of shape [1, maxLen, dModel]: saved in the state dict, converted by <c>To(dtype)</c>,
/// and never trained. Forward adds the first <c>x.Size(1)</c> rows to x.
/// </summary>
public class PositionalEncoding : Module<Tensor, Tensor>
{
    public PositionalEncoding(int dModel, int maxLen = 5000, DType dtype = DType.Float32)
    {
        if (dModel <= 0 || maxLen <= 0) throw new ArgumentOutOfRangeException(nameof(dModel), $"d_model ({dModel}) and max_len ({maxLen}) must be positive");
        DModel = dModel;
        MaxLen = maxLen;
        // pe[:, 0::2] = sin(position * div_term); pe[:, 1::2] = cos(position * div_term)
        var pe = Torch.Zeros(dtype, maxLen, dModel);
        var position = Torch.Arange(0, maxLen, 1, dtype).Unsqueeze(1);
        var divTerm = Torch.Arange(0, dModel, 2, dtype).Mul(-Math.Log(10000.0) / dModel).Exp();
        var angles = position.Mul(divTerm);
        pe.Slice(1, 0, dModel, 2).CopyInPlace(angles.Sin());
        pe.Slice(1, 1, dModel, 2).CopyInPlace(angles.Narrow(1, 0, dModel / 2).Cos());
        RegisterBuffer("pe", pe.Unsqueeze(0));
    }

    public int DModel { get; }
    public int MaxLen { get; }
    /// <summary>The position table, read through the registration so a replaced value is the one used.</summary>
    public Tensor Pe => RegisteredBuffer("pe") ?? throw new InvalidOperationException("PositionalEncoding's buffer 'pe' was set to null");

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != DModel || input.Size(1) > MaxLen)
            throw new ArgumentException($"PositionalEncoding expects [batch, seq <= {MaxLen}, {DModel}], got {ShapeUtil.Format(input.Shape)}");
        return input + Pe.Narrow(1, 0, input.Size(1));
    }
}
