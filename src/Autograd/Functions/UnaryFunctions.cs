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

/// <summary>y = √x; dx = g / (2y).</summary>
internal sealed class Sqrt : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Sqrt();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Sqrt();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Div(_y.Value.Mul(2))];
}

/// <summary>y = 1/√x; dx = -g·y³/2.</summary>
internal sealed class Rsqrt : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Rsqrt();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Rsqrt();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var y = _y.Value;
        return [g.Mul(y.Square().Mul(y)).Mul(-0.5)];
    }
}

/// <summary>y = |x|; dx = g·sign(x), 0 at x = 0.</summary>
internal sealed class Abs : Node
{
    private SavedTensor _x = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Abs();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Abs();
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.AbsBackward(g, _x.Value)];
}

/// <summary>y = sin x; dx = g·cos x.</summary>
internal sealed class Sin : Node
{
    private SavedTensor _x = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Sin();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Sin();
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_x.Value.Cos())];
}

/// <summary>y = cos x; dx = -g·sin x.</summary>
internal sealed class Cos : Node
{
    private SavedTensor _x = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Cos();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Cos();
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_x.Value.Sin()).Neg()];
}

/// <summary>y = 1/x; dx = -g·y².</summary>
internal sealed class Reciprocal : Node
{
    private SavedTensor _y = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Reciprocal();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Reciprocal();
        node._y = node.Save(y);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value.Square()).Neg()];
}

/// <summary>y = x·σ(x); dx = g·σ(x)·(1 + x·(1 - σ(x))).</summary>
internal sealed class Silu : Node
{
    private SavedTensor _x = null!;
    public static Tensor Apply(Tensor x)
    {
        var y = x.Data.Silu();
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Silu();
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.SiluBackward(g, _x.Value)];
}

/// <summary>
/// y = x·Φ(x) ("none", exact erf form) or its tanh approximation ("tanh"); dx = g·gelu'(x) from
/// the tensor layer's fused derivative.
/// </summary>
internal sealed class Gelu : Node
{
    private SavedTensor _x = null!;
    private string _approximate = "none";
    public static Tensor Apply(Tensor x, string approximate)
    {
        var y = x.Data.Gelu(approximate);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Gelu { _approximate = approximate };
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.GeluBackward(g, _x.Value, _approximate)];
}

/// <summary>y = x &gt; 0 ? x : slope·x; dx = g where x &gt; 0, else slope·g.</summary>
internal sealed class LeakyRelu : Node
{
    private SavedTensor _x = null!;
    private double _slope;
    public static Tensor Apply(Tensor x, double negativeSlope)
    {
        var y = x.Data.LeakyRelu(negativeSlope);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new LeakyRelu { _slope = negativeSlope };
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.LeakyReluBackward(g, _x.Value, _slope)];
}

/// <summary>y = x^e for a constant e; dx = g·e·x^(e-1), and 0 when e = 0.</summary>
internal sealed class PowScalar : Node
{
    private SavedTensor _x = null!;
    private double _exponent;
    public override string Name => "PowBackward0";
    public static Tensor Apply(Tensor x, double exponent)
    {
        var y = x.Data.Pow(exponent);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new PowScalar { _exponent = exponent };
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var x = _x.Value;
        if (_exponent == 0) return [TensorData.ZerosLike(x)];
        return [g.Mul(x.Pow(_exponent - 1).Mul(_exponent))];
    }
}

/// <summary>y = min(max(x, lo), hi); dx = g where lo ≤ x ≤ hi (inclusive, as PyTorch), else 0.</summary>
internal sealed class Clamp : Node
{
    private SavedTensor _x = null!;
    private double? _min, _max;
    public static Tensor Apply(Tensor x, double? min, double? max)
    {
        var y = x.Data.Clamp(min, max);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new Clamp { _min = min, _max = max };
        node._x = node.Save(x.Data);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.ClampBackward(g, _x.Value, _min, _max)];
}

/// <summary>y = x·m with m a fixed mask already scaled by 1/(1-p) (dropout); dx = g·m.</summary>
internal sealed class MaskedScale : Node
{
    private SavedTensor _mask = null!;
    public override string Name => "MulBackward0";
    public static Tensor Apply(Tensor x, TensorData mask)
    {
        var y = x.Data.Mul(mask);
        if (!Graph.ShouldRecord(x)) return new Tensor(y);
        var node = new MaskedScale();
        node._mask = node.Save(mask);
        return Graph.Record(node, y, x);
    }
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_mask.Value)];
}
