using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

/// <summary>
/// What training-mode batch norm computed: the output and this batch's per-channel statistics
/// (shape [C], outside the graph). <see cref="VarUnbiased"/> is what running_var tracks.
/// </summary>
public sealed record BatchNormResult(Tensor Output, Tensor Mean, Tensor Var, Tensor VarUnbiased);

public static partial class F
{
    /// <summary>Normalizes over the trailing <paramref name="normalizedShape"/> dims with the biased variance, then applies weight and bias.</summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        Fn.LayerNorm.Apply(input, normalizedShape, weight, bias, eps);

    /// <summary>
    /// torch.nn.functional.batch_norm over [N, C, *]. Training: normalizes with this batch's mean
    /// and biased variance (gradients flow through them) and, when running buffers are given,
    /// updates them in place as <c>momentum·new + (1 - momentum)·old</c> with the unbiased variance.
    /// Eval: normalizes with the running buffers, which are then required.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (!training)
        {
            if (runningMean is null || runningVar is null)
                throw new ArgumentException($"batch_norm: running_mean and running_var must be defined in evaluation mode (input of shape {ShapeUtil.Format(input.Shape)})");
            return Fn.BatchNorm.Inference(input, runningMean, runningVar, weight, bias, eps);
        }
        var result = BatchNormTraining(input, weight, bias, eps);
        if (runningMean != null) UpdateRunning(runningMean, result.Mean, momentum);
        if (runningVar != null) UpdateRunning(runningVar, result.VarUnbiased, momentum);
        return result.Output;
    }

    /// <summary>
    /// Training-mode batch norm that hands back the batch statistics instead of updating buffers,
    /// for a module that keeps its own running averages (e.g. a cumulative one when momentum is None).
    /// </summary>
    public static BatchNormResult BatchNormTraining(Tensor input, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        var (output, mean, variance) = Fn.BatchNorm.Training(input, weight, bias, eps);
        double n = (double)input.Numel / input.Size(1);
        var unbiased = variance.Mul(n / (n - 1));
        return new BatchNormResult(output, new Tensor(mean), new Tensor(variance), new Tensor(unbiased));
    }

    /// <summary>running ← momentum·batch + (1 - momentum)·running, in double, written in place outside the graph.</summary>
    private static void UpdateRunning(Tensor running, Tensor batch, double momentum)
    {
        if (!running.Shape.SequenceEqual(batch.Shape))
            throw new ArgumentException($"batch_norm: running statistics of shape {ShapeUtil.Format(running.Shape)} do not match the {ShapeUtil.Format(batch.Shape)} channels of the input");
        var old = running.Data.ToDoubleArray();
        var fresh = batch.Data.ToDoubleArray();
        for (int i = 0; i < old.Length; i++) old[i] = momentum * fresh[i] + (1 - momentum) * old[i];
        using (Torch.NoGrad()) running.Data.CopyFrom(TensorData.FromArray(old, running.Data.ShapeArray()));
    }
}
