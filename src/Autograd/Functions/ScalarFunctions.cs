using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// A tensor combined with a constant double: no second operand to save or reduce.
// x - s is recorded as x + (-s), which IEEE arithmetic computes identically.

/// <summary>y = x + s; dx = g.</summary>
internal sealed class AddScalar : Node
{
    public override string Name => "AddBackward1";
    public static Tensor Apply(Tensor x, double s)
    {
        var y = x.Data.Add(s);
        return Graph.ShouldRecord(x) ? Graph.Record(new AddScalar(), y, x) : new Tensor(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g];
}

/// <summary>y = s - x; dx = -g.</summary>
internal sealed class RSubScalar : Node
{
    public override string Name => "RsubBackward1";
    public static Tensor Apply(Tensor x, double s)
    {
        var y = x.Data.RSub(s);
        return Graph.ShouldRecord(x) ? Graph.Record(new RSubScalar(), y, x) : new Tensor(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Neg()];
}

/// <summary>y = x·s, dx = g·s; or y = x / s, dx = g / s (division kept: x·(1/s) rounds differently).</summary>
internal sealed class ScaleScalar : Node
{
    private double _s;
    private bool _divide;
    public override string Name => _divide ? "DivBackward1" : "MulBackward1";
    public static Tensor Apply(Tensor x, double s, bool divide)
    {
        var y = divide ? x.Data.Div(s) : x.Data.Mul(s);
        return Graph.ShouldRecord(x) ? Graph.Record(new ScaleScalar { _s = s, _divide = divide }, y, x) : new Tensor(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [_divide ? g.Div(_s) : g.Mul(_s)];
}

/// <summary>y = s / x; dx = -g·y / x.</summary>
internal sealed class RDivScalar : Node
{
    private SavedTensor _x = null!, _y = null!;
    public override string Name => "DivBackward1";
    public static Tensor Apply(Tensor x, double s)
    {
        var y = x.Data.RDiv(s);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new RDivScalar();
        node._x = node.Save(x.Data);
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value).Div(_x.Value).Neg()];
}
