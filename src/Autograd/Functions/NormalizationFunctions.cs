using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

/// <summary>
/// What both norms save: the input, two per-group statistics (mean and rstd, or mean and
/// variance) and the weight when there is one; the edges go to input, weight and bias.
/// </summary>
internal abstract class NormalizationNode : Node
{
    protected readonly SavedTensor X, Mean, Spread;
    protected readonly SavedTensor? Weight;

    protected NormalizationNode(Tensor x, Tensor? weight, TensorData mean, TensorData spread)
    {
        X = Save(x.Data);
        Mean = Save(mean);
        Spread = Save(spread);
        if (weight != null) Weight = Save(weight.Data);
    }
}

/// <summary>
/// Layer norm over the trailing dims: y = (x - mean)·rstd·w + b. Backward is the tensor layer's
/// fused layer-norm kernel (TensorData.LayerNormBackward; LayerNormKernels.Backward states dx, dw and db).
/// </summary>
internal sealed class LayerNorm : NormalizationNode
{
    private readonly int[] _normalizedShape;
    private readonly int _normalizedNumel;
    public override string Name => "NativeLayerNormBackward0";

    public static Tensor Apply(Tensor x, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        int k = normalizedShape.Length;
        bool fits = k <= x.Rank;
        for (int i = 0; fits && i < k; i++) fits = x.Size(x.Rank - k + i) == normalizedShape[i];
        if (!fits)
            throw new ArgumentException($"layer_norm: given normalized_shape={ShapeUtil.Format(normalizedShape)}, expected input with shape [*, {string.Join(", ", normalizedShape)}], but got input of size {ShapeUtil.Format(x.Shape)}");
        CheckAffine(weight, normalizedShape, "weight");
        CheckAffine(bias, normalizedShape, "bias");
        int n = ShapeUtil.Numel(normalizedShape);
        var (y, mean, rstd) = TensorData.LayerNorm(x.Data, n, weight?.Data, bias?.Data, eps);
        return Graph.Record(x, weight, bias, y, (mean, rstd, normalizedShape, n),
            static (x, weight, _, s) => new LayerNorm(x, weight, s.mean, s.rstd, s.normalizedShape, s.n));
    }

    private LayerNorm(Tensor x, Tensor? weight, TensorData mean, TensorData rstd, int[] normalizedShape, int normalizedNumel) : base(x, weight, mean, rstd)
    {
        _normalizedShape = (int[])normalizedShape.Clone();
        _normalizedNumel = normalizedNumel;
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var (dx, dw, db) = TensorData.LayerNormBackward(g, X.Value, Mean.Value, Spread.Value, Weight?.Value, _normalizedNumel,
            NeedsGrad(0), NeedsGrad(1), NeedsGrad(2));
        return [dx, dw?.Reshape(_normalizedShape), db?.Reshape(_normalizedShape)];
    }

    private static void CheckAffine(Tensor? t, int[] normalizedShape, string name)
    {
        if (t != null && !t.Shape.SequenceEqual(normalizedShape))
            throw new ArgumentException($"layer_norm: expected {name} of shape {ShapeUtil.Format(normalizedShape)} (normalized_shape), got {ShapeUtil.Format(t.Shape)}");
    }
}

/// <summary>
/// Batch norm over [N, C, *] per channel. Training normalizes with the batch mean and biased
/// variance, and backward runs through them; eval uses the given running statistics as constants.
/// Backward is the tensor layer's fused batch-norm kernel (BatchNormKernels.Backward), which states
/// dx for both modes, dw and db.
/// </summary>
internal sealed class BatchNorm : NormalizationNode
{
    private readonly double _eps;
    private readonly bool _training;
    public override string Name => "NativeBatchNormBackward0";

    /// <summary>Normalizes with batch statistics; returns them too (mean and biased variance, shape [C]).</summary>
    public static (Tensor Output, TensorData Mean, TensorData Var) Training(Tensor x, Tensor? weight, Tensor? bias, double eps)
    {
        CheckInput(x, weight, bias);
        var (y, mean, variance) = TensorData.BatchNormTraining(x.Data, weight?.Data, bias?.Data, eps);
        return (Record(x, weight, bias, y, mean, variance, eps, training: true), mean, variance);
    }

    /// <summary>Normalizes with fixed statistics (eval mode).</summary>
    public static Tensor Inference(Tensor x, Tensor runningMean, Tensor runningVar, Tensor? weight, Tensor? bias, double eps)
    {
        CheckInput(x, weight, bias);
        var y = TensorData.BatchNormInference(x.Data, runningMean.Data, runningVar.Data, weight?.Data, bias?.Data, eps);
        return Record(x, weight, bias, y, runningMean.Data, runningVar.Data, eps, training: false);
    }

    private static Tensor Record(Tensor x, Tensor? weight, Tensor? bias, TensorData y, TensorData mean, TensorData variance, double eps, bool training) =>
        Graph.Record(x, weight, bias, y, (mean, variance, eps, training),
            static (x, weight, _, s) => new BatchNorm(x, weight, s.mean, s.variance, s.eps, s.training));

    private BatchNorm(Tensor x, Tensor? weight, TensorData mean, TensorData variance, double eps, bool training) : base(x, weight, mean, variance) =>
        (_eps, _training) = (eps, training);

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var (dx, dw, db) = TensorData.BatchNormBackward(g, X.Value, Mean.Value, Spread.Value, Weight?.Value, _eps, _training,
            NeedsGrad(0), NeedsGrad(1), NeedsGrad(2));
        return [dx, dw, db];
    }

    private static void CheckInput(Tensor x, Tensor? weight, Tensor? bias)
    {
        if (x.Rank < 2)
            throw new ArgumentException($"batch_norm: expected input of shape [N, C, ...] with at least 2 dims, got {ShapeUtil.Format(x.Shape)}");
        CheckChannels(weight, "weight", x);
        CheckChannels(bias, "bias", x);
    }

    private static void CheckChannels(Tensor? t, string name, Tensor x)
    {
        int c = x.Size(1);
        if (t != null && (t.Rank != 1 || t.Size(0) != c))
            throw new ArgumentException($"batch_norm: expected {name} of shape [{c}] for input of shape {ShapeUtil.Format(x.Shape)}, got {ShapeUtil.Format(t.Shape)}");
    }
}
