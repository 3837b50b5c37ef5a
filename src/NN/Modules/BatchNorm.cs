using MiniTorch.Tensors;

namespace MiniTorch.NN;

/// <summary>
/// Batch normalization (PyTorch's _BatchNorm): per-channel statistics over every dim but 1.
/// Training normalizes with the batch mean and biased variance and updates the running buffers
/// with the unbiased variance; eval uses the running buffers. <c>momentum: null</c> keeps a
/// cumulative average (running = mean of all batch statistics so far).
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, "num_features must be positive");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        RegisterParameter("weight", affine ? new Parameter(Torch.Ones(dtype, numFeatures)) : null);
        RegisterParameter("bias", affine ? new Parameter(Torch.Zeros(dtype, numFeatures)) : null);
        RegisterBuffer("running_mean", trackRunningStats ? Torch.Zeros(dtype, numFeatures) : null);
        RegisterBuffer("running_var", trackRunningStats ? Torch.Ones(dtype, numFeatures) : null);
        // Always int64 and 0-d, whatever the module's dtype.
        RegisterBuffer("num_batches_tracked", trackRunningStats ? Torch.Zeros(DType.Int64) : null);
    }

    public int NumFeatures { get; }
    public double Eps { get; }
    public double? Momentum { get; }
    public bool Affine { get; }
    public bool TrackRunningStats { get; }

    // Read through the registration, so a value replaced by name (model["running_mean"] = ...) is the one used.
    public Parameter? Weight => RegisteredParameter("weight");
    public Parameter? Bias => RegisteredParameter("bias");
    public Tensor? RunningMean { get => RegisteredBuffer("running_mean"); set => SetBuffer("running_mean", value); }
    public Tensor? RunningVar { get => RegisteredBuffer("running_var"); set => SetBuffer("running_var", value); }
    public Tensor? NumBatchesTracked => RegisteredBuffer("num_batches_tracked");

    protected internal override int StateVersion => 2;

    /// <summary>Checks the input's rank; the message names the rank received.</summary>
    protected abstract void CheckInputDim(Tensor input);

    public override Tensor Forward(Tensor input)
    {
        CheckInputDim(input);
        if (input.Size(1) != NumFeatures)
            throw new ArgumentException($"{TypeName}: expected {NumFeatures} channels in dim 1, got input of shape {ShapeUtil.Format(input.Shape)}");
        bool useBatchStats = Training || (RunningMean is null && RunningVar is null);
        if (useBatchStats) NormalizationOps.RequireBatchStatistics(input.Shape);

        // Checked above before anything changes; PyTorch bumps the counter before it raises.
        double factor = Momentum ?? 0.0;
        if (Training && TrackRunningStats && NumBatchesTracked is { } count)
        {
            using (Torch.NoGrad()) count.AddInPlace(1);
            if (Momentum is null) factor = 1.0 / count.Item();
        }

        if (!useBatchStats)
            return F.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, training: false, eps: Eps);

        // Training without tracking never touches the buffers; eval without running stats uses the batch.
        bool updateBuffers = Training && TrackRunningStats && RunningMean != null && RunningVar != null;
        if (!updateBuffers) return F.BatchNormTraining(input, Weight, Bias, Eps).Output;
        return F.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, training: true, momentum: factor, eps: Eps);
    }

    /// <summary>Old checkpoints (state version &lt; 2, or no metadata at all) lack num_batches_tracked: supply the current counter.</summary>
    protected internal override void BeforeLoadState(Dictionary<string, Tensor> source, List<string> keyOrder, string prefix, int? version)
    {
        string key = prefix + "num_batches_tracked";
        if (TrackRunningStats && (version is null || version < 2) && !source.ContainsKey(key) && NumBatchesTracked is { } count)
            source[key] = new Tensor(count.Data.Clone());
    }

    public override string ExtraRepr() =>
        $"{NumFeatures}, eps={PythonFormat.Float(Eps)}, momentum={PythonFormat.Float(Momentum)}, affine={PythonFormat.Bool(Affine)}, track_running_stats={PythonFormat.Bool(TrackRunningStats)}";
}

/// <summary>Batch norm over [N, C] or [N, C, L].</summary>
public class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    protected override void CheckInputDim(Tensor input)
    {
        if (input.Rank is not (2 or 3)) throw new ArgumentException($"expected 2D or 3D input (got {input.Rank}D input of shape {ShapeUtil.Format(input.Shape)})");
    }
}

/// <summary>Batch norm over [N, C, H, W].</summary>
public class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    protected override void CheckInputDim(Tensor input)
    {
        if (input.Rank != 4) throw new ArgumentException($"expected 4D input (got {input.Rank}D input of shape {ShapeUtil.Format(input.Shape)})");
    }
}
