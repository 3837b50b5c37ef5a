using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// One recorded operation: the backward half of a differentiable primitive. A node knows the
/// tensors it consumed (<see cref="Inputs"/>) and turns the gradient of its single output into
/// gradients for each input. Nodes are numbered in recording order, so descending
/// <see cref="Sequence"/> is a valid order for backward (every consumer was recorded after
/// what it consumed).
/// </summary>
public abstract class Node
{
    private static long _nextSequence;

    protected Node() => Sequence = Interlocked.Increment(ref _nextSequence);

    /// <summary>Recording order; backward visits nodes from the highest number down.</summary>
    public long Sequence { get; }

    /// <summary>PyTorch's name for the node, e.g. <c>MulBackward0</c>; used in error messages.</summary>
    public virtual string Name => GetType().Name + "Backward0";

    /// <summary>The inputs the gradient flows to; null where an input does not require grad.</summary>
    public Tensor?[] Inputs { get; internal set; } = [];

    /// <summary>The non-leaf tensor whose <c>Grad</c> should be kept (set by <see cref="Tensor.RetainGrad"/>).</summary>
    internal Tensor? RetainedOutput { get; set; }

    /// <summary>
    /// Gradients for each input given the gradient of the output, in the inputs' shapes. An entry
    /// may be null when that input needs no gradient.
    /// </summary>
    protected internal abstract TensorData?[] Backward(TensorData gradOutput);

    /// <summary>Drops saved tensors after a backward without <c>retainGraph</c>.</summary>
    protected internal virtual void ReleaseSavedTensors()
    {
        foreach (var field in SavedFields) field.Release();
    }

    /// <summary>The saved tensors this node holds; registered by <see cref="Save"/>.</summary>
    private List<SavedTensor> SavedFields { get; } = new(2);

    /// <summary>Saves a tensor for backward, recording its version to detect later in-place changes.</summary>
    protected SavedTensor Save(TensorData data)
    {
        var saved = new SavedTensor(data, this);
        SavedFields.Add(saved);
        return saved;
    }

    public override string ToString() => $"<{Name}>";
}
