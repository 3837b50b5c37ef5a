using MiniTorch.Autograd;
using MiniTorch.Tensors;

namespace MiniTorch;

/// <summary>
/// The tensor users work with: a <see cref="TensorData"/> plus what autograd needs — whether it
/// requires grad, its accumulated <see cref="Grad"/>, and the <see cref="GradFn"/> node that
/// produced it (null for leaves). Its version counter is its storage's, shared with every view
/// and with <see cref="Detach"/>ed aliases.
/// </summary>
public partial class Tensor
{
    private bool _requiresGrad;

    /// <summary>Wraps data as a leaf.</summary>
    public Tensor(TensorData data, bool requiresGrad = false)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        if (requiresGrad) RequiresGrad = true;
    }

    /// <summary>The output of a recorded op.</summary>
    internal Tensor(TensorData data, Node gradFn)
    {
        Data = data;
        GradFn = gradFn;
        _requiresGrad = true;
    }

    /// <summary>The values: shape, strides, storage. Replacing it (like PyTorch's <c>.data =</c>) keeps this object's identity.</summary>
    public TensorData Data { get; private set; }

    /// <summary>The node that produced this tensor, or null for a leaf.</summary>
    public Node? GradFn { get; }

    /// <summary>True for tensors created by the user (and every tensor that does not require grad).</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>Whether gradients flow to this tensor. Only floating tensors may require grad; only leaves may change it.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf)
            {
                if (value) return; // requires_grad_(True) on a non-leaf is a no-op in PyTorch
                throw new InvalidOperationException(
                    $"you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach(). (tensor of shape {ShapeUtil.Format(Data.Shape)} produced by {GradFn!.Name})");
            }
            if (value && !Data.IsFloatingPoint)
                throw new InvalidOperationException($"only Tensors of floating point dtype can require gradients (got {Data.DType.Name()} tensor of shape {ShapeUtil.Format(Data.Shape)})");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, like <c>requires_grad_()</c>.</summary>
    public Tensor SetRequiresGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    private Tensor? _grad;

    /// <summary>
    /// The accumulated gradient (leaves, and non-leaves after <see cref="RetainGrad"/>). A gradient
    /// outlives the step that computed it, so assigning one takes its storage out of any
    /// <see cref="StorageScope"/>.
    /// </summary>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value != null) StorageScope.DetachFromScope(value.Data);
            _grad = value;
        }
    }

    /// <summary>Keeps <see cref="Grad"/> for this non-leaf during backward. No-op on leaves.</summary>
    public void RetainGrad()
    {
        if (IsLeaf) return;
        if (!_requiresGrad) throw new InvalidOperationException("can't retain_grad on Tensor that has requires_grad=False");
        GradFn!.RetainedOutput = this;
    }

    /// <summary>Storage version, bumped by every in-place write through any view of it.</summary>
    public int Version => Data.Storage.Version;

    public ReadOnlySpan<int> Shape => Data.Shape;
    public int Rank => Data.Rank;
    public int Numel => Data.Numel;
    public DType DType => Data.DType;
    public int Size(int dim) => Data.Size(dim);

    /// <summary>The value of a one-element tensor.</summary>
    public double Item() => Data.Item();

    public float[] ToFloatArray() => Data.To(DType.Float32).ToArray<float>();
    public double[] ToDoubleArray() => Data.ToDoubleArray();

    /// <summary>A leaf sharing this tensor's storage (and version counter) that never requires grad.</summary>
    public Tensor Detach() => new(Data);

    /// <summary>
    /// Replaces the values without recording anything (PyTorch's <c>.data = ...</c>); used by
    /// <c>Module.To</c> so a parameter keeps its identity when its dtype changes. The tensors whose
    /// data is swapped are long-lived, so <paramref name="data"/> is taken out of any <see cref="StorageScope"/>.
    /// </summary>
    public void SetData(TensorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_requiresGrad && !data.IsFloatingPoint)
            throw new InvalidOperationException($"cannot set {data.DType.Name()} data on a tensor that requires grad");
        StorageScope.DetachFromScope(data);
        Data = data;
    }

    /// <summary>
    /// Back-propagates from this tensor. Without <paramref name="gradient"/> the tensor must hold
    /// exactly one floating element (the seed is 1). Gradients accumulate into leaves' <see cref="Grad"/>.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!_requiresGrad)
            throw new InvalidOperationException($"element 0 of tensors does not require grad and does not have a grad_fn (tensor of shape {ShapeUtil.Format(Data.Shape)})");
        TensorData seed;
        if (gradient is null)
        {
            if (Data.Numel != 1)
                throw new InvalidOperationException($"grad can be implicitly created only for scalar outputs (output has shape {ShapeUtil.Format(Data.Shape)})");
            seed = TensorData.OnesLike(Data);
        }
        else
        {
            if (!gradient.Data.Shape.SequenceEqual(Data.Shape))
                throw new ArgumentException($"Mismatch in shape: grad_output[0] has a shape of {ShapeUtil.Format(gradient.Data.Shape)} and output[0] has a shape of {ShapeUtil.Format(Data.Shape)}.");
            if (gradient.DType != DType)
                throw new ArgumentException($"Mismatch in dtype: grad_output[0] has a dtype of {gradient.DType.Name()} and output[0] has a dtype of {DType.Name()} (shape {ShapeUtil.Format(Data.Shape)}).");
            seed = gradient.Data;
        }
        BackwardEngine.Run(this, seed, retainGraph);
    }

    public override string ToString()
    {
        var text = Data.ToString() ?? "";
        if (GradFn != null) return text.EndsWith(')') ? text[..^1] + $", grad_fn=<{GradFn.Name}>)" : text;
        if (_requiresGrad) return text.EndsWith(')') ? text[..^1] + ", requires_grad=True)" : text;
        return text;
    }
}
