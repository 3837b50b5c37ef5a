using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

/// <summary>How a loss folds its per-element values: PyTorch's <c>reduction</c> argument.</summary>
internal enum Reduction { None, Mean, Sum }

internal static class Reductions
{
    public static Reduction Parse(string reduction) => reduction switch
    {
        "none" => Reduction.None,
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        _ => throw new ArgumentException($"{reduction} is not a valid value for reduction: expected \"none\", \"mean\" or \"sum\"", nameof(reduction)),
    };

    /// <summary>Folds per-element losses; <paramref name="count"/> is the divisor for "mean".</summary>
    public static TensorData Apply(TensorData losses, Reduction reduction, int count) => reduction switch
    {
        Reduction.None => losses,
        Reduction.Sum => losses.Sum(),
        _ => losses.Sum().Div(count),
    };

    /// <summary>The gradient of each per-element loss given the gradient of the reduced loss.</summary>
    public static TensorData Spread(TensorData g, Reduction reduction, int count, int[] shape) => reduction switch
    {
        Reduction.None => g,
        Reduction.Sum => g.Expand(shape),
        _ => g.Div(count).Expand(shape),
    };
}

/// <summary>
/// Cross entropy from logits [N, C] and int64 class indices [N], with label smoothing ε and an
/// ignored class index: loss_i = (1-ε)·(-logp[i, t_i]) + (ε/C)·(-Σ_c logp[i, c]). Fused: the
/// log-softmax is not a separate node, and dlogits = scale_i·(softmax - q) with q the smoothed
/// one-hot target.
/// </summary>
internal sealed class CrossEntropy : Node
{
    private SavedTensor _logProbs = null!, _target = null!;
    private Reduction _reduction;
    private double _labelSmoothing;
    private long _ignoreIndex;
    private int _counted;
    public override string Name => "CrossEntropyLossBackward0";

    public static Tensor Apply(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing, long ignoreIndex)
    {
        if (labelSmoothing < 0 || labelSmoothing > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing} (input {ShapeUtil.Format(logits.Shape)})");
        var logProbs = logits.Data.LogSoftmax(1);
        var (losses, counted) = TensorData.CrossEntropyForward(logProbs, target.Data, labelSmoothing, ignoreIndex);
        var y = Reductions.Apply(losses, reduction, counted);
        if (!Graph.ShouldRecord(logits)) return new Tensor(y);
        var node = new CrossEntropy { _reduction = reduction, _labelSmoothing = labelSmoothing, _ignoreIndex = ignoreIndex, _counted = counted };
        node._logProbs = node.Save(logProbs);
        node._target = node.Save(target.Data);
        return Graph.Record(node, y, logits, null);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var logProbs = _logProbs.Value;
        var scale = Reductions.Spread(g, _reduction, _counted, [logProbs.Size(0)]);
        return [TensorData.CrossEntropyBackward(scale, logProbs, _target.Value, _labelSmoothing, _ignoreIndex), null];
    }
}

/// <summary>NLL from log-probabilities [N, C]: loss_i = -x[i, t_i]; dx = -scale_i at [i, t_i].</summary>
internal sealed class NllLoss : Node
{
    private SavedTensor _target = null!;
    private int[] _inputShape = null!;
    private Reduction _reduction;
    private long _ignoreIndex;
    private int _counted;
    private DType _dtype;
    public override string Name => "NllLossBackward0";

    public static Tensor Apply(Tensor input, Tensor target, Reduction reduction, long ignoreIndex)
    {
        var (losses, counted) = TensorData.NllLossForward(input.Data, target.Data, ignoreIndex);
        var y = Reductions.Apply(losses, reduction, counted);
        if (!Graph.ShouldRecord(input)) return new Tensor(y);
        var node = new NllLoss { _inputShape = input.Data.ShapeArray(), _reduction = reduction, _ignoreIndex = ignoreIndex, _counted = counted, _dtype = input.DType };
        node._target = node.Save(target.Data);
        return Graph.Record(node, y, input, null);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var scale = Reductions.Spread(g, _reduction, _counted, [_inputShape[0]]);
        return [TensorData.NllLossBackward(scale, TensorData.Zeros(_dtype, _inputShape), _target.Value, _ignoreIndex), null];
    }
}

/// <summary>Squared error (a - b)², broadcasting; da = 2(a - b)·g, db = -da.</summary>
internal sealed class MseLoss : BroadcastingNode
{
    private SavedTensor _diff = null!;
    private Reduction _reduction;
    public override string Name => "MseLossBackward0";

    public static Tensor Apply(Tensor a, Tensor b, Reduction reduction)
    {
        var diff = a.Data.Sub(b.Data);
        var y = Reductions.Apply(diff.Square(), reduction, diff.Numel);
        if (!Graph.ShouldRecord(a, b)) return new Tensor(y);
        var node = new MseLoss { _reduction = reduction };
        node.RememberShapes(diff, a.Data, b.Data);
        node._diff = node.Save(diff);
        return Graph.Record(node, y, a, b);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var diff = _diff.Value;
        var ga = diff.Mul(Reductions.Spread(g, _reduction, diff.Numel, diff.ShapeArray())).Mul(2);
        return ToInputShapes(NeedsGrad(0) ? ga : null, NeedsGrad(1) ? ga.Neg() : null);
    }
}

/// <summary>
/// Binary cross entropy on logits x with targets y, in the stable form
/// max(x, 0) - x·y + log(1 + e^-|x|); dx = (σ(x) - y)·g, dy = -x·g.
/// </summary>
internal sealed class BceWithLogits : BroadcastingNode
{
    private SavedTensor _x = null!, _y = null!;
    private Reduction _reduction;
    public override string Name => "BinaryCrossEntropyWithLogitsBackward0";

    public static Tensor Apply(Tensor x, Tensor target, Reduction reduction)
    {
        TensorData xd = x.Data, yd = target.Data;
        var losses = xd.Relu().Sub(xd.Mul(yd)).Add(xd.Abs().Neg().Exp().Add(1).Log());
        var y = Reductions.Apply(losses, reduction, losses.Numel);
        if (!Graph.ShouldRecord(x, target)) return new Tensor(y);
        var node = new BceWithLogits { _reduction = reduction };
        node.RememberShapes(losses, xd, yd);
        node._x = node.Save(xd);
        node._y = node.Save(yd);
        return Graph.Record(node, y, x, target);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData x = _x.Value, t = _y.Value;
        var shape = ShapeUtil.Broadcast(x.Shape, t.Shape);
        var scale = Reductions.Spread(g, _reduction, ShapeUtil.Numel(shape), shape);
        return ToInputShapes(NeedsGrad(0) ? x.Sigmoid().Sub(t).Mul(scale) : null, NeedsGrad(1) ? x.Mul(scale).Neg() : null);
    }
}
