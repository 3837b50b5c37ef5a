using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// 2-d convolution and pooling over [N, C, H, W]. The tensor layer owns the kernels and their
// fused backward kernels; these nodes save what those read and decide which gradients are needed.

/// <summary>The hyperparameters of one 2-d convolution, kept for its backward.</summary>
internal readonly record struct Conv2dGeometry((int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation, int Groups);

/// <summary>
/// y = conv2d(x, W) + b; dx = conv_transpose(g, W) (Conv2dBackwardInput), dW = correlation of g
/// with x (Conv2dBackwardWeight), db = g summed over N, H and W.
/// </summary>
internal sealed class Conv2d : Node
{
    private readonly SavedTensor? _x, _weight;
    private readonly int[] _xShape, _weightShape;
    private readonly Conv2dGeometry _geometry;
    public override string Name => "ConvolutionBackward0";

    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups) =>
        Graph.Record(x, weight, bias, TensorData.Conv2d(x.Data, weight.Data, bias?.Data, stride, padding, dilation, groups),
            new Conv2dGeometry(stride, padding, dilation, groups), static (x, weight, _, geometry) => new Conv2d(x, weight!, geometry));

    private Conv2d(Tensor x, Tensor weight, Conv2dGeometry geometry)
    {
        (_xShape, _weightShape, _geometry) = (x.Data.ShapeArray(), weight.Data.ShapeArray(), geometry);
        if (x.RequiresGrad) _weight = Save(weight.Data);
        if (weight.RequiresGrad) _x = Save(x.Data);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var (stride, padding, dilation, groups) = _geometry;
        TensorData? gx = null, gw = null, gb = null;
        if (NeedsGrad(0)) gx = TensorData.Conv2dBackwardInput(g, _weight!.Value, _xShape, stride, padding, dilation, groups);
        if (NeedsGrad(1)) gw = TensorData.Conv2dBackwardWeight(g, _x!.Value, _weightShape, stride, padding, dilation, groups);
        if (NeedsGrad(2)) gb = g.Sum([0, 2, 3]);
        return [gx, gw, gb];
    }
}

/// <summary>y = max over each window; dx = g routed to the element each window picked (Indices).</summary>
internal sealed class MaxPool2d : Node
{
    private readonly SavedTensor _indices;
    private readonly int[] _xShape;
    public override string Name => "MaxPool2DWithIndicesBackward0";

    public static (Tensor Output, Tensor Indices) Apply(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        var (y, indices) = TensorData.MaxPool2d(x.Data, kernel, stride, padding);
        return (Graph.Record(x, y, indices, static (x, _, indices) => new MaxPool2d(x.Data, indices)), new Tensor(indices));
    }

    private MaxPool2d(TensorData x, TensorData indices)
    {
        _xShape = x.ShapeArray();
        _indices = Save(indices);
    }

    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.MaxPool2dBackward(g, _indices.Value, _xShape)];
}

/// <summary>y = mean over each window (padding counted); dx = g / window size spread over each window.</summary>
internal sealed class AvgPool2d : Node
{
    private readonly int[] _xShape;
    private readonly (int H, int W) _kernel, _stride, _padding;
    public override string Name => "AvgPool2DBackward0";

    public static Tensor Apply(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) =>
        Graph.Record(x, TensorData.AvgPool2d(x.Data, kernel, stride, padding), (kernel, stride, padding),
            static (x, _, window) => new AvgPool2d(x.Data, window.kernel, window.stride, window.padding));

    private AvgPool2d(TensorData x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) =>
        (_xShape, _kernel, _stride, _padding) = (x.ShapeArray(), kernel, stride, padding);

    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.AvgPool2dBackward(g, _xShape, _kernel, _stride, _padding)];
}
