using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Shape and layout ops. Forward returns a view sharing the input's storage (and version counter)
// whenever the layout allows; backward maps the gradient back to the input's shape.

/// <summary>y = x with a new shape (a view when the strides allow, else a copy); dx = g reshaped back.</summary>
internal sealed class Reshape : Node
{
    private int[] _inputShape = null!;
    public override string Name => "ViewBackward0";
    public static Tensor Apply(Tensor x, int[] shape, bool viewOnly)
    {
        var y = viewOnly ? x.Data.View(shape) : x.Data.Reshape(shape);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new Reshape { _inputShape = x.Data.ShapeArray() }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Reshape(_inputShape)];
}

/// <summary>y = x with dims dim0 and dim1 swapped; dx = g swapped back.</summary>
internal sealed class Transpose : Node
{
    private int _dim0, _dim1;
    public static Tensor Apply(Tensor x, int dim0, int dim1)
    {
        var y = x.Data.Transpose(dim0, dim1);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new Transpose { _dim0 = dim0, _dim1 = dim1 }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Transpose(_dim0, _dim1)];
}

/// <summary>y = x with dims reordered (y dim i = x dim dims[i]); dx = g under the inverse order.</summary>
internal sealed class Permute : Node
{
    private int[] _inverse = null!;
    public static Tensor Apply(Tensor x, int[] dims)
    {
        var y = x.Data.Permute(dims);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var inverse = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) inverse[ShapeUtil.NormalizeDim(dims[i], dims.Length)] = i;
        return Graph.Record(new Permute { _inverse = inverse }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Permute(_inverse)];
}

/// <summary>y = x with a size-1 dim inserted; dx = g with it removed.</summary>
internal sealed class Unsqueeze : Node
{
    private int _dim;
    public static Tensor Apply(Tensor x, int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, x.Rank + 1);
        var y = x.Data.Unsqueeze(d);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new Unsqueeze { _dim = d }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Squeeze(_dim)];
}

/// <summary>y = x without size-1 dims (all, or just <c>dim</c>); dx = g reshaped back.</summary>
internal sealed class Squeeze : Node
{
    private int[] _inputShape = null!;
    public static Tensor Apply(Tensor x, int? dim)
    {
        var y = dim is int d ? x.Data.Squeeze(d) : x.Data.Squeeze();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new Squeeze { _inputShape = x.Data.ShapeArray() }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Reshape(_inputShape)];
}

/// <summary>y = x broadcast to a larger shape (stride 0, no copy); dx = g summed back to x's shape.</summary>
internal sealed class Expand : Node
{
    private int[] _inputShape = null!;
    public static Tensor Apply(Tensor x, int[] shape)
    {
        var y = x.Data.Expand(shape);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new Expand { _inputShape = x.Data.ShapeArray() }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Shape.SequenceEqual(_inputShape) ? g : g.SumToShape(_inputShape)];
}

/// <summary>
/// y = a strided part of x (narrow, slice with step, or select one index); dx = zeros of x's shape
/// with g written into the same part.
/// </summary>
internal sealed class SliceView : Node
{
    private enum Kind { Narrow, Slice, Select }
    private Kind _kind;
    private int _dim, _start, _end, _step;
    private int[] _inputShape = null!;
    public override string Name => _kind switch { Kind.Narrow => "NarrowBackward0", Kind.Slice => "SliceBackward0", _ => "SelectBackward0" };

    public static Tensor Narrow(Tensor x, int dim, int start, int length) => Apply(x, Kind.Narrow, dim, start, length, 1);
    public static Tensor Slice(Tensor x, int dim, int start, int end, int step) => Apply(x, Kind.Slice, dim, start, end, step);
    public static Tensor Select(Tensor x, int dim, int index) => Apply(x, Kind.Select, dim, index, 0, 1);

    private static Tensor Apply(Tensor x, Kind kind, int dim, int start, int end, int step)
    {
        var node = new SliceView { _kind = kind, _dim = dim, _start = start, _end = end, _step = step };
        var y = node.Part(x.Data);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        node._inputShape = x.Data.ShapeArray();
        return Graph.Record(node, y, x);
    }

    private TensorData Part(TensorData t) => _kind switch
    {
        Kind.Narrow => t.Narrow(_dim, _start, _end),
        Kind.Slice => t.Slice(_dim, _start, _end, _step),
        _ => t.Select(_dim, _start),
    };

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grad = TensorData.Zeros(g.DType, _inputShape);
        Part(grad).CopyFrom(g);
        return [grad];
    }
}

/// <summary>y = a fresh copy of x (also contiguous() of a strided x); dx = g.</summary>
internal sealed class Clone : Node
{
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Clone();
        return Graph.ShouldRecord(x) ? Graph.Record(new Clone(), y, x) : new Tensor(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g];
}

/// <summary>y = x converted to another floating dtype; dx = g converted back.</summary>
internal sealed class ToDType : Node
{
    private DType _inputType;
    public override string Name => "ToCopyBackward0";
    public static Tensor Apply(Tensor x, DType dtype)
    {
        var y = x.Data.To(dtype);
        // Only float-to-float conversions carry gradients; an integer result cannot require grad.
        if (!Graph.ShouldRecord(x) || !dtype.IsFloatingPoint()) return new Tensor(y);
        return Graph.Record(new ToDType { _inputType = x.DType }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.To(_inputType)];
}
