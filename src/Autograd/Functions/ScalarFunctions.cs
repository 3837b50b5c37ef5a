using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// A tensor combined with a constant double: no second operand to save or reduce.
// x - s is recorded as x + (-s), which IEEE arithmetic computes identically.

/// <summary>y = x + s; dx = g.</summary>
internal sealed class AddScalar : Node
{
    public override string Name => "AddBackward1";
    public static Tensor Apply(Tensor x, double s) => Graph.Record(x, x.Data.Add(s), static (_, _) => new AddScalar());
    protected internal override TensorData?[] Backward(TensorData g) => [g];
}

/// <summary>y = s - x; dx = -g.</summary>
internal sealed class RSubScalar : Node
{
    public override string Name => "RsubBackward1";
    public static Tensor Apply(Tensor x, double s) => Graph.Record(x, x.Data.RSub(s), static (_, _) => new RSubScalar());
    protected internal override TensorData?[] Backward(TensorData g) => [g.Neg()];
}

/// <summary>y = x·s, dx = g·s; or y = x / s, dx = g / s (division kept: x·(1/s) rounds differently).</summary>
internal sealed class ScaleScalar : Node
{
    private readonly double _s;
    private readonly bool _divide;
    public override string Name => _divide ? "DivBackward1" : "MulBackward1";
    public static Tensor Apply(Tensor x, double s, bool divide) =>
        Graph.Record(x, divide ? x.Data.Div(s) : x.Data.Mul(s), (s, divide), static (_, _, op) => new ScaleScalar(op.s, op.divide));
    private ScaleScalar(double s, bool divide) => (_s, _divide) = (s, divide);
    protected internal override TensorData?[] Backward(TensorData g) => [_divide ? g.Div(_s) : g.Mul(_s)];
}

/// <summary>y = s / x; dx = -g·y / x.</summary>
internal sealed class RDivScalar : Node
{
    private readonly SavedTensor _x, _y;
    public override string Name => "DivBackward1";
    public static Tensor Apply(Tensor x, double s) => Graph.Record(x, x.Data.RDiv(s), static (x, y) => new RDivScalar(x.Data, y));
    private RDivScalar(TensorData x, TensorData y)
    {
        _x = Save(x);
        _y = Save(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value).Div(_x.Value).Neg()];
}
