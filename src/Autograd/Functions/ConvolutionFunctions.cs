using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// 2-d convolution and pooling over [N, C, H, W]. The tensor layer owns the kernels and their
// backward kernels; these nodes only decide which gradients are needed.

/// <summary>
/// y = conv2d(x, W) + b; dx = conv_transpose(g, W) (Conv2dBackwardInput), dW = correlation of g
/// with x (Conv2dBackwardWeight), db = g summed over N, H and W.
/// </summary>
internal sealed class Conv2d : Node
{
    private SavedTensor? _x, _weight;
    private int[] _xShape = null!, _weightShape = null!;
    private (int H, int W) _stride, _padding, _dilation;
    private int _groups;
    public override string Name => "ConvolutionBackward0";

    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
    {
        var y = TensorData.Conv2d(x.Data, weight.Data, bias?.Data, stride, padding, dilation, groups);
        if (!Graph.ShouldRecord([x, weight, bias])) return new Tensor(y);
        var node = new Conv2d
        {
            _xShape = x.Data.ShapeArray(), _weightShape = weight.Data.ShapeArray(),
            _stride = stride, _padding = padding, _dilation = dilation, _groups = groups,
        };
        if (x.RequiresGrad) node._weight = node.Save(weight.Data);
        if (weight.RequiresGrad) node._x = node.Save(x.Data);
        return Graph.Record(node, y, x, weight, bias);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData? gx = null, gw = null, gb = null;
        if (NeedsGrad(0)) gx = TensorData.Conv2dBackwardInput(g, _weight!.Value, _xShape, _stride, _padding, _dilation, _groups);
        if (NeedsGrad(1)) gw = TensorData.Conv2dBackwardWeight(g, _x!.Value, _weightShape, _stride, _padding, _dilation, _groups);
        if (NeedsGrad(2)) gb = g.Sum([0, 2, 3]);
        return [gx, gw, gb];
    }
}

/// <summary>y = max over each window; dx = g routed to the element each window picked (Indices).</summary>
internal sealed class MaxPool2d : Node
{
    private SavedTensor _indices = null!;
    private int[] _xShape = null!;
    public override string Name => "MaxPool2DWithIndicesBackward0";
    public static (Tensor Output, Tensor Indices) Apply(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        var (y, indices) = TensorData.MaxPool2d(x.Data, kernel, stride, padding);
        var idx = new Tensor(indices);
        if (!Graph.ShouldRecord(x)) return (new Tensor(y), idx);
        var node = new MaxPool2d { _xShape = x.Data.ShapeArray() };
        node._indices = node.Save(indices);
        return (Graph.Record(node, y, x), idx);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.MaxPool2dBackward(g, _indices.Value, _xShape)];
}

/// <summary>y = mean over each window (padding counted); dx = g / window size spread over each window.</summary>
internal sealed class AvgPool2d : Node
{
    private int[] _xShape = null!;
    private (int H, int W) _kernel, _stride, _padding;
    public override string Name => "AvgPool2DBackward0";
    public static Tensor Apply(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        var y = TensorData.AvgPool2d(x.Data, kernel, stride, padding);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        return Graph.Record(new AvgPool2d { _xShape = x.Data.ShapeArray(), _kernel = kernel, _stride = stride, _padding = padding }, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.AvgPool2dBackward(g, _xShape, _kernel, _stride, _padding)];
}
