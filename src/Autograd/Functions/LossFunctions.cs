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
/// one-hot target, computed by the tensor layer's cross-entropy kernel.
/// </summary>
internal sealed class CrossEntropy : Node
{
    private readonly SavedTensor _logProbs, _target;
    private readonly Reduction _reduction;
    private readonly double _labelSmoothing;
    private readonly long _ignoreIndex;
    private readonly int _counted;
    public override string Name => "CrossEntropyLossBackward0";

    public static Tensor Apply(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing, long ignoreIndex)
    {
        if (labelSmoothing < 0 || labelSmoothing > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing} (input {ShapeUtil.Format(logits.Shape)})");
        var logProbs = logits.Data.LogSoftmax(1);
        var (losses, counted) = TensorData.CrossEntropyForward(logProbs, target.Data, labelSmoothing, ignoreIndex);
        return Graph.Record(logits, target, Reductions.Apply(losses, reduction, counted), (logProbs, reduction, labelSmoothing, ignoreIndex, counted),
            static (_, target, _, a) => new CrossEntropy(a.logProbs, target.Data, a.reduction, a.labelSmoothing, a.ignoreIndex, a.counted));
    }

    private CrossEntropy(TensorData logProbs, TensorData target, Reduction reduction, double labelSmoothing, long ignoreIndex, int counted)
    {
        (_reduction, _labelSmoothing, _ignoreIndex, _counted) = (reduction, labelSmoothing, ignoreIndex, counted);
        _logProbs = Save(logProbs);
        _target = Save(target);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var logProbs = _logProbs.Value;
        var scale = Reductions.Spread(g, _reduction, _counted, [logProbs.Size(0)]);
        return [TensorData.CrossEntropyBackward(scale, logProbs, _target.Value, _labelSmoothing, _ignoreIndex), null];
    }
}

/// <summary>
/// NLL from log-probabilities [N, C]: loss_i = -x[i, t_i]; dx = -scale_i at [i, t_i] and 0
/// elsewhere, written by the tensor layer's nll kernel.
/// </summary>
internal sealed class NllLoss : Node
{
    private readonly SavedTensor _target;
    private readonly int[] _inputShape;
    private readonly Reduction _reduction;
    private readonly long _ignoreIndex;
    private readonly int _counted;
    private readonly DType _dtype;
    public override string Name => "NllLossBackward0";

    public static Tensor Apply(Tensor input, Tensor target, Reduction reduction, long ignoreIndex)
    {
        var (losses, counted) = TensorData.NllLossForward(input.Data, target.Data, ignoreIndex);
        return Graph.Record(input, target, Reductions.Apply(losses, reduction, counted), (reduction, ignoreIndex, counted),
            static (input, target, _, a) => new NllLoss(input.Data, target.Data, a.reduction, a.ignoreIndex, a.counted));
    }

    private NllLoss(TensorData input, TensorData target, Reduction reduction, long ignoreIndex, int counted)
    {
        (_inputShape, _dtype) = (input.ShapeArray(), input.DType);
        (_reduction, _ignoreIndex, _counted) = (reduction, ignoreIndex, counted);
        _target = Save(target);
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
    private readonly SavedTensor _diff;
    private readonly Reduction _reduction;
    public override string Name => "MseLossBackward0";

    public static Tensor Apply(Tensor a, Tensor b, Reduction reduction)
    {
        var diff = a.Data.Sub(b.Data);
        return Graph.Record(a, b, Reductions.Apply(diff.Square(), reduction, diff.Numel), (diff, reduction),
            static (a, b, _, r) => new MseLoss(a, b, r.diff, r.reduction));
    }

    private MseLoss(Tensor a, Tensor b, TensorData diff, Reduction reduction) : base(diff, a.Data, b.Data)
    {
        _reduction = reduction;
        _diff = Save(diff);
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
    private readonly SavedTensor _x, _y;
    private readonly Reduction _reduction;
    public override string Name => "BinaryCrossEntropyWithLogitsBackward0";

    public static Tensor Apply(Tensor x, Tensor target, Reduction reduction)
    {
        TensorData xd = x.Data, yd = target.Data;
        var losses = xd.Relu().Sub(xd.Mul(yd)).Add(xd.Abs().Neg().Exp().Add(1).Log());
        return Graph.Record(x, target, Reductions.Apply(losses, reduction, losses.Numel), (losses, reduction),
            static (x, target, _, r) => new BceWithLogits(x, target, r.losses, r.reduction));
    }

    private BceWithLogits(Tensor x, Tensor target, TensorData losses, Reduction reduction) : base(losses, x.Data, target.Data)
    {
        _reduction = reduction;
        _x = Save(x.Data);
        _y = Save(target.Data);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData x = _x.Value, t = _y.Value;
        var shape = ShapeUtil.Broadcast(x.Shape, t.Shape);
        var scale = Reductions.Spread(g, _reduction, ShapeUtil.Numel(shape), shape);
        return ToInputShapes(NeedsGrad(0) ? x.Sigmoid().Sub(t).Mul(scale) : null, NeedsGrad(1) ? x.Mul(scale).Neg() : null);
    }
}
