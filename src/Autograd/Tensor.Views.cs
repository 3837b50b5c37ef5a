using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

// Shape and layout ops. Views share storage (and the version counter) with this tensor.
public partial class Tensor
{
    /// <summary>A view with a new shape (one dim may be -1); fails when the strides cannot express it.</summary>
    public Tensor View(params int[] shape) => Fn.Reshape.Apply(this, shape, viewOnly: true);

    /// <summary>A new shape (one dim may be -1): a view when possible, else a copy.</summary>
    public Tensor Reshape(params int[] shape) => Fn.Reshape.Apply(this, shape, viewOnly: false);

    public Tensor Transpose(int dim0, int dim1) => Fn.Transpose.Apply(this, dim0, dim1);

    /// <summary>The transpose of a tensor of at most 2 dims (PyTorch's <c>.t()</c>).</summary>
    public Tensor T()
    {
        if (Rank > 2) throw new InvalidOperationException($"t() expects a tensor with <= 2 dimensions, but self is {Rank}D (shape {ShapeUtil.Format(Shape)})");
        return Rank < 2 ? this : Transpose(0, 1);
    }

    public Tensor Permute(params int[] dims) => Fn.Permute.Apply(this, dims);
    public Tensor Unsqueeze(int dim) => Fn.Unsqueeze.Apply(this, dim);
    public Tensor Squeeze() => Fn.Squeeze.Apply(this, null);
    public Tensor Squeeze(int dim) => Fn.Squeeze.Apply(this, dim);

    /// <summary>Broadcasts to <paramref name="shape"/> without copying (-1 keeps a dim).</summary>
    public Tensor Expand(params int[] shape) => Fn.Expand.Apply(this, shape);

    public Tensor ExpandAs(Tensor other) => Fn.Expand.Apply(this, other.Data.ShapeArray());

    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = ShapeUtil.NormalizeDim(startDim, Rank), e = ShapeUtil.NormalizeDim(endDim, Rank);
        if (s > e) throw new ArgumentException($"flatten() has invalid args: start_dim ({startDim}) cannot come after end_dim ({endDim}) for shape {ShapeUtil.Format(Shape)}");
        var shape = new int[Rank - (e - s)];
        for (int d = 0; d < s; d++) shape[d] = Size(d);
        shape[s] = 1;
        for (int d = s; d <= e; d++) shape[s] *= Size(d);
        for (int d = e + 1; d < Rank; d++) shape[d - (e - s)] = Size(d);
        return Reshape(shape);
    }

    /// <summary>Elements start .. start+length-1 along dim, as a view.</summary>
    public Tensor Narrow(int dim, int start, int length) => Fn.SliceView.Narrow(this, dim, start, length);

    /// <summary>Python's <c>x[..., start:end:step, ...]</c> along one dim, as a view (bounds clamp like Python).</summary>
    public Tensor Slice(int dim, int start, int end, int step = 1) => Fn.SliceView.Slice(this, dim, start, end, step);

    /// <summary>One index along dim, removing that dim (a view).</summary>
    public Tensor Select(int dim, int index) => Fn.SliceView.Select(this, dim, index);

    /// <summary>This tensor when already contiguous, else a contiguous copy (recorded like a clone).</summary>
    public Tensor Contiguous() => Data.IsContiguous ? this : Fn.Clone.Apply(this);

    /// <summary>A copy with its own storage; gradients flow through it.</summary>
    public Tensor Clone() => Fn.Clone.Apply(this);

    /// <summary>Converts the dtype (this tensor when it already matches); float-to-float conversions are differentiable.</summary>
    public Tensor To(DType dtype) => dtype == DType ? this : Fn.ToDType.Apply(this, dtype);

    public Tensor Float() => To(DType.Float32);
    public Tensor Double() => To(DType.Float64);
    public Tensor Long() => To(DType.Int64);
}
