using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

/// <summary>
/// y = a @ b with torch.matmul's rules (1-d operands gain a dim that is dropped again; batch dims
/// broadcast). da = g @ bᵀ, db = aᵀ @ g, computed on the operands promoted to at least 2-d and then
/// summed over broadcast batch dims back to each operand's shape.
/// </summary>
internal sealed class Matmul : Node
{
    private readonly SavedTensor? _a, _b;
    private readonly int[] _aShape, _bShape;
    public override string Name => "MmBackward0";
    public static Tensor Apply(Tensor a, Tensor b)
    {
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"both arguments to matmul need to be at least 1D, but they are {a.Rank}D and {b.Rank}D (shapes {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)})");
        return Graph.Record(a, b, a.Data.Matmul(b.Data), static (a, b, _) => new Matmul(a, b));
    }

    private Matmul(Tensor a, Tensor b)
    {
        (_aShape, _bShape) = (a.Data.ShapeArray(), b.Data.ShapeArray());
        if (a.RequiresGrad) _b = Save(b.Data);
        if (b.RequiresGrad) _a = Save(a.Data);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        bool aVector = _aShape.Length == 1, bVector = _bShape.Length == 1;
        // Put back the dims matmul dropped for 1-d operands, so g is batch + [m, n].
        var g2 = aVector && bVector ? g.Reshape(1, 1) : aVector ? g.Unsqueeze(-2) : bVector ? g.Unsqueeze(-1) : g;
        TensorData? ga = null, gb = null;
        if (NeedsGrad(0))
        {
            var b = _b!.Value;
            var b2 = bVector ? b.Unsqueeze(1) : b;
            ga = FoldTo(g2.Matmul(b2.Transpose(-1, -2)), aVector ? [1, _aShape[0]] : _aShape).Reshape(_aShape);
        }
        if (NeedsGrad(1))
        {
            var a = _a!.Value;
            var a2 = aVector ? a.Unsqueeze(0) : a;
            gb = FoldTo(a2.Transpose(-1, -2).Matmul(g2), bVector ? [_bShape[0], 1] : _bShape).Reshape(_bShape);
        }
        return [ga, gb];
    }

    private static TensorData FoldTo(TensorData grad, int[] shape) => grad.Shape.SequenceEqual(shape) ? grad : grad.SumToShape(shape);
}

/// <summary>
/// y = x @ Wᵀ + b over any leading dims (F.linear). dx = g @ W; dW = gᵀ @ x with the leading dims
/// flattened into rows; db = g summed over every leading dim.
/// </summary>
internal sealed class Linear : Node
{
    private readonly SavedTensor? _x, _weight;
    private readonly int[] _xShape;
    public override string Name => "AddmmBackward0";
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias)
    {
        if (weight.Rank != 2 || x.Rank == 0 || x.Size(-1) != weight.Size(1))
            throw new ArgumentException($"linear: input of shape {ShapeUtil.Format(x.Shape)} and weight of shape {ShapeUtil.Format(weight.Shape)} do not fit: expected weight [out_features, {(x.Rank == 0 ? "in_features" : x.Size(-1).ToString())}]");
        if (bias != null && (bias.Rank != 1 || bias.Size(0) != weight.Size(0)))
            throw new ArgumentException($"linear: bias of shape {ShapeUtil.Format(bias.Shape)} does not match weight of shape {ShapeUtil.Format(weight.Shape)} (expected [{weight.Size(0)}])");
        var y = x.Data.Matmul(weight.Data.Transpose(0, 1));
        if (bias != null) y.AddInPlace(bias.Data); // y is fresh: adding in place saves one allocation
        return Graph.Record(x, weight, bias, y, static (x, weight, _) => new Linear(x, weight!));
    }

    private Linear(Tensor x, Tensor weight)
    {
        _xShape = x.Data.ShapeArray();
        if (x.RequiresGrad) _weight = Save(weight.Data);
        if (weight.RequiresGrad) _x = Save(x.Data);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        int outFeatures = g.Size(-1);
        var rows = g.Reshape(-1, outFeatures);
        TensorData? gx = null, gw = null, gb = null;
        if (NeedsGrad(0)) gx = g.Matmul(_weight!.Value);
        if (NeedsGrad(1)) gw = rows.Transpose(0, 1).Matmul(_x!.Value.Reshape(-1, _xShape[^1]));
        if (NeedsGrad(2)) gb = rows.Sum([0]);
        return [gx, gw, gb];
    }
}
