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

    /// <summary>The gradient of this node's output summed so far during a backward pass (null otherwise).</summary>
    internal TensorData? PendingGrad { get; set; }

    /// <summary>The non-leaf tensor whose <c>Grad</c> should be kept (set by <see cref="Tensor.RetainGrad"/>).</summary>
    internal Tensor? RetainedOutput { get; set; }

    /// <summary>
    /// Gradients for each input given the gradient of the output, in the inputs' shapes. An entry
    /// may be null when that input needs no gradient.
    /// </summary>
    protected internal abstract TensorData?[] Backward(TensorData gradOutput);

    /// <summary>True when input <paramref name="index"/> takes part in autograd (PyTorch's needs_input_grad).</summary>
    protected bool NeedsGrad(int index) => Inputs[index] != null;

    /// <summary>Drops saved tensors after a backward without <c>retainGraph</c>.</summary>
    protected internal virtual void ReleaseSavedTensors()
    {
        if (_saved0 is null) return;
        _saved0.Release();
        if (_savedMore is null) return;
        foreach (var field in _savedMore) field.Release();
    }

    // Most nodes save zero, one or two tensors: the first lives in a field, so recording such a
    // node allocates no list.
    private SavedTensor? _saved0;
    private List<SavedTensor>? _savedMore;

    /// <summary>
    /// Saves a tensor for backward, recording its version to detect later in-place changes. Nodes
    /// call it from their constructor, which <c>Graph.Record</c> runs only when the op is recorded.
    /// </summary>
    protected SavedTensor Save(TensorData data)
    {
        var saved = new SavedTensor(data, this);
        if (_saved0 is null) _saved0 = saved;
        else (_savedMore ??= new List<SavedTensor>(2)).Add(saved);
        return saved;
    }

    public override string ToString() => $"<{Name}>";
}
