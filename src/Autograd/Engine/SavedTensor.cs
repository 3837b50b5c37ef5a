using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// A tensor a node keeps for its backward pass. It remembers the storage version at save time:
/// if an in-place op changes the tensor before backward, reading it raises PyTorch's error
/// instead of silently using the wrong values. After a backward without <c>retainGraph</c> it
/// is released, and a second backward that needs it raises.
/// </summary>
public sealed class SavedTensor
{
    private TensorData? _data;
    private readonly int _version;
    private readonly Node _owner;
    private readonly int[] _shape;
    private readonly DType _dtype;

    internal SavedTensor(TensorData data, Node owner)
    {
        _data = data;
        _version = data.Storage.Version;
        _owner = owner;
        _shape = data.ShapeArray();
        _dtype = data.DType;
    }

    /// <summary>The saved values; throws if they were freed or changed in place since saving.</summary>
    public TensorData Value
    {
        get
        {
            var data = _data ?? throw new InvalidOperationException(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
                "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
                $"Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward. (node {_owner.Name}, saved tensor of shape {ShapeUtil.Format(_shape)})");
            if (data.Storage.Version != _version)
                throw new InvalidOperationException(
                    $"one of the variables needed for gradient computation has been modified by an inplace operation: [{TypeName(_dtype)} {ShapeUtil.Format(_shape)}], which is output 0 of {_owner.Name}, is at version {data.Storage.Version}; expected version {_version} instead. " +
                    "Hint: the backtrace further above can point to the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!");
            return data;
        }
    }

    internal void Release() => _data = null;

    private static string TypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "torch.FloatTensor",
        DType.Float64 => "torch.DoubleTensor",
        DType.Int64 => "torch.LongTensor",
        _ => "torch.BoolTensor",
    };
}
