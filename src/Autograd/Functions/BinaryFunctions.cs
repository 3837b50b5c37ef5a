using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Broadcasting binary primitives. Each backward states its derivative in the output's shape;
// BroadcastingNode sums the results back to the input shapes. Inputs that need no gradient get
// none computed (NeedsGrad), and only the operands a derivative reads are saved.

/// <summary>y = a + b or a - b; da = g, db = ±g.</summary>
internal sealed class AddSub : BroadcastingNode
{
    private bool _subtract;
    public override string Name => _subtract ? "SubBackward0" : "AddBackward0";
    public static Tensor Apply(Tensor a, Tensor b, bool subtract)
    {
        var y = subtract ? a.Data.Sub(b.Data) : a.Data.Add(b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new AddSub { _subtract = subtract };
        node.RememberShapes(y, a.Data, b.Data);
        return Graph.Record(node, y, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g) =>
        ToInputShapes(NeedsGrad(0) ? g : null, NeedsGrad(1) ? (_subtract ? g.Neg() : g) : null);
}

/// <summary>y = a·b; da = g·b, db = g·a.</summary>
internal sealed class Mul : BroadcastingNode
{
    private SavedTensor? _a, _b;
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var y = a.Data.Mul(b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new Mul();
        node.RememberShapes(y, a.Data, b.Data);
        if (b.RequiresGrad) node._a = node.Save(a.Data);
        if (a.RequiresGrad) node._b = node.Save(b.Data);
        return Graph.Record(node, y, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g) =>
        ToInputShapes(NeedsGrad(0) ? g.Mul(_b!.Value) : null, NeedsGrad(1) ? g.Mul(_a!.Value) : null);
}

/// <summary>y = a / b; da = g / b, db = -g·(a/b)/b (PyTorch's order, which keeps float32 close to it).</summary>
internal sealed class Div : BroadcastingNode
{
    private SavedTensor? _a;
    private SavedTensor _b = null!;
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var y = a.Data.Div(b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new Div();
        node.RememberShapes(y, a.Data, b.Data);
        if (b.RequiresGrad) node._a = node.Save(a.Data);
        node._b = node.Save(b.Data);
        return Graph.Record(node, y, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var b = _b.Value;
        return ToInputShapes(NeedsGrad(0) ? g.Div(b) : null, NeedsGrad(1) ? g.Mul(_a!.Value.Div(b).Div(b)).Neg() : null);
    }
}

/// <summary>
/// y = max(a, b) or min(a, b); g goes to the winning input and splits 0.5/0.5 on ties (PyTorch).
/// For min, "a wins" exactly where b would win max(b, a), so one tie-aware kernel serves both.
/// </summary>
internal sealed class MaximumMinimum : BroadcastingNode
{
    private SavedTensor _a = null!, _b = null!;
    private bool _isMax;
    public override string Name => _isMax ? "MaximumBackward0" : "MinimumBackward0";
    public static Tensor Apply(Tensor a, Tensor b, bool isMax)
    {
        var y = isMax ? a.Data.Maximum(b.Data) : a.Data.Minimum(b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new MaximumMinimum { _isMax = isMax };
        node.RememberShapes(y, a.Data, b.Data);
        node._a = node.Save(a.Data);
        node._b = node.Save(b.Data);
        return Graph.Record(node, y, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData a = _a.Value, b = _b.Value;
        var (first, second) = _isMax ? (a, b) : (b, a);
        return ToInputShapes(NeedsGrad(0) ? TensorData.WinnerShare(g, first, second) : null, NeedsGrad(1) ? TensorData.WinnerShare(g, second, first) : null);
    }
}

/// <summary>y = a^b; da = g·b·a^(b-1) (0 where b = 0), db = g·a^b·ln a (0 where a = 0 and b ≥ 0).</summary>
internal sealed class Pow : BroadcastingNode
{
    private SavedTensor _a = null!, _b = null!;
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var y = a.Data.Pow(b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new Pow();
        node.RememberShapes(y, a.Data, b.Data);
        node._a = node.Save(a.Data);
        node._b = node.Save(b.Data);
        return Graph.Record(node, y, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData a = _a.Value, b = _b.Value;
        return ToInputShapes(NeedsGrad(0) ? TensorData.PowBackwardBase(g, a, b) : null, NeedsGrad(1) ? TensorData.PowBackwardExponent(g, a, b) : null);
    }
}

/// <summary>y = condition ? a : b; da = g where condition, db = g elsewhere. The bool condition gets no gradient.</summary>
internal sealed class Where : BroadcastingNode
{
    private SavedTensor _condition = null!;
    public static Tensor Apply(Tensor condition, Tensor a, Tensor b)
    {
        var y = TensorData.Where(condition.Data, a.Data, b.Data);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new Where();
        node.RememberShapes(y, condition.Data, a.Data, b.Data);
        node._condition = node.Save(condition.Data);
        return Graph.Record(node, y, null, a, b);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var c = _condition.Value;
        var zero = g.ScalarLike(0);
        return ToInputShapes(null, NeedsGrad(1) ? TensorData.Where(c, g, zero) : null, NeedsGrad(2) ? TensorData.Where(c, zero, g) : null);
    }
}
