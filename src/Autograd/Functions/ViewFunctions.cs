using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Shape and layout ops. Forward returns a view sharing the input's storage (and version counter)
// whenever the layout allows; backward maps the gradient back to the input's shape.

/// <summary>y = x with a new shape (a view when the strides allow, else a copy); dx = g reshaped back.</summary>
internal sealed class Reshape : Node
{
    private readonly int[] _inputShape;
    public override string Name => "ViewBackward0";
    public static Tensor Apply(Tensor x, int[] shape, bool viewOnly) =>
        Graph.Record(x, viewOnly ? x.Data.View(shape) : x.Data.Reshape(shape), static (x, _) => new Reshape(x.Data));
    private Reshape(TensorData x) => _inputShape = x.ShapeArray();
    protected internal override TensorData?[] Backward(TensorData g) => [g.Reshape(_inputShape)];
}

/// <summary>y = x with dims dim0 and dim1 swapped; dx = g swapped back.</summary>
internal sealed class Transpose : Node
{
    private readonly int _dim0, _dim1;
    public static Tensor Apply(Tensor x, int dim0, int dim1) =>
        Graph.Record(x, x.Data.Transpose(dim0, dim1), (dim0, dim1), static (_, _, dims) => new Transpose(dims.dim0, dims.dim1));
    private Transpose(int dim0, int dim1) => (_dim0, _dim1) = (dim0, dim1);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Transpose(_dim0, _dim1)];
}

/// <summary>y = x with dims reordered (y dim i = x dim dims[i]); dx = g under the inverse order.</summary>
internal sealed class Permute : Node
{
    private readonly int[] _inverse;
    public static Tensor Apply(Tensor x, int[] dims) => Graph.Record(x, x.Data.Permute(dims), dims, static (_, _, dims) => new Permute(dims));
    private Permute(int[] dims)
    {
        _inverse = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) _inverse[ShapeUtil.NormalizeDim(dims[i], dims.Length)] = i;
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Permute(_inverse)];
}

/// <summary>y = x with a size-1 dim inserted; dx = g with it removed.</summary>
internal sealed class Unsqueeze : Node
{
    private readonly int _dim;
    public static Tensor Apply(Tensor x, int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, x.Rank + 1);
        return Graph.Record(x, x.Data.Unsqueeze(d), d, static (_, _, d) => new Unsqueeze(d));
    }
    private Unsqueeze(int dim) => _dim = dim;
    protected internal override TensorData?[] Backward(TensorData g) => [g.Squeeze(_dim)];
}

/// <summary>y = x without size-1 dims (all, or just <c>dim</c>); dx = g reshaped back.</summary>
internal sealed class Squeeze : Node
{
    private readonly int[] _inputShape;
    public static Tensor Apply(Tensor x, int? dim) =>
        Graph.Record(x, dim is int d ? x.Data.Squeeze(d) : x.Data.Squeeze(), static (x, _) => new Squeeze(x.Data));
    private Squeeze(TensorData x) => _inputShape = x.ShapeArray();
    protected internal override TensorData?[] Backward(TensorData g) => [g.Reshape(_inputShape)];
}

/// <summary>y = x broadcast to a larger shape (stride 0, no copy); dx = g summed back to x's shape.</summary>
internal sealed class Expand : Node
{
    private readonly int[] _inputShape;
    public static Tensor Apply(Tensor x, int[] shape) => Graph.Record(x, x.Data.Expand(shape), static (x, _) => new Expand(x.Data));
    private Expand(TensorData x) => _inputShape = x.ShapeArray();
    protected internal override TensorData?[] Backward(TensorData g) => [g.Shape.SequenceEqual(_inputShape) ? g : g.SumToShape(_inputShape)];
}

/// <summary>
/// y = a strided part of x (narrow, slice with step, or select one index); dx = zeros of x's shape
/// with g written into the same part.
/// </summary>
internal sealed class SliceView : Node
{
    private enum Kind { Narrow, Slice, Select }

    /// <summary>Which part: the kind and its arguments (narrow keeps its length in End).</summary>
    private readonly record struct Part(Kind Kind, int Dim, int Start, int End, int Step)
    {
        public TensorData Of(TensorData t) => Kind switch
        {
            Kind.Narrow => t.Narrow(Dim, Start, End),
            Kind.Slice => t.Slice(Dim, Start, End, Step),
            _ => t.Select(Dim, Start),
        };
    }

    private readonly Part _part;
    private readonly int[] _inputShape;
    public override string Name => _part.Kind switch { Kind.Narrow => "NarrowBackward0", Kind.Slice => "SliceBackward0", _ => "SelectBackward0" };

    public static Tensor Narrow(Tensor x, int dim, int start, int length) => Apply(x, new Part(Kind.Narrow, dim, start, length, 1));
    public static Tensor Slice(Tensor x, int dim, int start, int end, int step) => Apply(x, new Part(Kind.Slice, dim, start, end, step));
    public static Tensor Select(Tensor x, int dim, int index) => Apply(x, new Part(Kind.Select, dim, index, 0, 1));

    private static Tensor Apply(Tensor x, Part part) => Graph.Record(x, part.Of(x.Data), part, static (x, _, part) => new SliceView(x.Data, part));
    private SliceView(TensorData x, Part part) => (_inputShape, _part) = (x.ShapeArray(), part);

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grad = TensorData.Zeros(g.DType, _inputShape);
        _part.Of(grad).CopyFrom(g);
        return [grad];
    }
}

/// <summary>y = a fresh copy of x (also contiguous() of a strided x); dx = g.</summary>
internal sealed class Clone : Node
{
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Clone(), static (_, _) => new Clone());
    protected internal override TensorData?[] Backward(TensorData g) => [g];
}

/// <summary>y = x converted to another floating dtype; dx = g converted back.</summary>
internal sealed class ToDType : Node
{
    private readonly DType _inputType;
    public override string Name => "ToCopyBackward0";
    public static Tensor Apply(Tensor x, DType dtype)
    {
        var y = x.Data.To(dtype);
        // Only float-to-float conversions carry gradients; an integer result cannot require grad.
        if (!dtype.IsFloatingPoint()) return new Tensor(y);
        return Graph.Record(x, y, static (x, _) => new ToDType(x.DType));
    }
    private ToDType(DType inputType) => _inputType = inputType;
    protected internal override TensorData?[] Backward(TensorData g) => [g.To(_inputType)];
}
