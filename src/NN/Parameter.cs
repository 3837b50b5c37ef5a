using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>
/// A tensor that a module trains: a leaf that requires grad (even when created under
/// <c>NoGrad</c>, as in PyTorch) and that <see cref="Module.Parameters"/> yields to optimizers.
/// It shares storage with the data it was made from, and takes that storage out of any
/// <see cref="StorageScope"/>: a parameter outlives the step it was created in.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>Shares <paramref name="tensor"/>'s storage, like <c>nn.Parameter(t)</c>; the result is a leaf.</summary>
    public Parameter(Tensor tensor, bool requiresGrad = true) : base(StorageScope.DetachFromScope(tensor.Data), requiresGrad) { }

    public override string ToString() => "Parameter containing:\n" + base.ToString();
}

/// <summary>
/// Marks a tensor for registration as a buffer when assigned through <see cref="Module.this[string]"/>,
/// like <c>nn.Buffer</c>: <c>model["stats"] = new TensorBuffer(t, persistent: false)</c>.
/// </summary>
public sealed class TensorBuffer(Tensor tensor, bool persistent = true)
{
    public Tensor Tensor { get; } = tensor;
    public bool Persistent { get; } = persistent;

    /// <summary>An empty float32 buffer, like <c>nn.Buffer()</c>.</summary>
    public TensorBuffer() : this(Torch.Zeros(DType.Float32, 0)) { }
}
