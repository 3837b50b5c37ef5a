using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Elementwise unary primitives: forward on raw data, backward a few lines below, derivative in
// the comment. Ops whose derivative is cheapest from the output save the output; the others
// save the input.

/// <summary>y = -x; dx = -g.</summary>
internal sealed class Neg : Node
{
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Neg();
        return Graph.ShouldRecord(x) ? Graph.Record(new Neg(), y, x) : new Tensor(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Neg()];
}

/// <summary>y = e^x; dx = g·y.</summary>
internal sealed class Exp : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Exp();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Exp();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value)];
}

/// <summary>y = ln x; dx = g/x.</summary>
internal sealed class Log : Node
{
    private SavedTensor _x = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Log();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Log();
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Div(_x.Value)];
}

/// <summary>y = tanh x; dx = g·(1 - y²).</summary>
internal sealed class Tanh : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Tanh();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Tanh();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.TanhBackward(g, _y.Value)];
}

/// <summary>y = 1/(1+e^-x); dx = g·y·(1-y).</summary>
internal sealed class Sigmoid : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Sigmoid();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Sigmoid();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.SigmoidBackward(g, _y.Value)];
}

/// <summary>y = max(x, 0); dx = g where x &gt; 0.</summary>
internal sealed class Relu : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Relu();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Relu();
        node._y = node.Save(y); // y > 0 exactly where x > 0, and saving y lets x be freed
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.ReluBackward(g, _y.Value)];
}
