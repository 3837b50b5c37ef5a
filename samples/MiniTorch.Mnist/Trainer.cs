using System.Diagnostics;
using MiniTorch.Optim;

namespace MiniTorch.Samples.Mnist;

/// <summary>Where a training epoch stands after a step, for progress displays.</summary>
/// <param name="Step">Steps done in this epoch (1-based).</param>
/// <param name="RunningLoss">Mean loss over the epoch's steps so far.</param>
/// <param name="ImagesPerSecond">Training images processed per second so far in this epoch.</param>
public readonly record struct StepProgress(int Epoch, int Step, int Steps, double RunningLoss, double ImagesPerSecond);

/// <summary>What one epoch did.</summary>
public sealed record EpochResult(int Epoch, double MeanLoss, int Images, double Seconds)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}

/// <summary>
/// The training loop: each epoch shuffles the training images with MiniTorch's default generator
/// (so <c>Torch.ManualSeed</c> fixes the order), then per mini-batch runs forward, cross-entropy,
/// backward, one optimizer step and, when given, one learning-rate scheduler step. Every step's
/// loss is kept in <see cref="StepLosses"/>.
/// </summary>
public sealed class Trainer(MnistNet model, Optimizer optimizer, MnistData data, int batchSize, LRScheduler? scheduler = null)
{
    private readonly List<double> _stepLosses = [];

    /// <summary>The loss of every step so far, in order.</summary>
    public IReadOnlyList<double> StepLosses => _stepLosses;

    /// <summary>Mini-batches per epoch (the last one may be smaller).</summary>
    public int StepsPerEpoch => StepsFor(data.Train.Length, batchSize);

    /// <summary>Mini-batches needed for <paramref name="images"/> images.</summary>
    public static int StepsFor(int images, int batchSize) => (images + batchSize - 1) / batchSize;

    /// <summary>Trains one epoch over all training images, reporting after every step.</summary>
    public EpochResult RunEpoch(int epoch, Action<StepProgress>? progress = null)
    {
        model.Train();
        var order = Shuffle(data.Train);
        int steps = StepsPerEpoch;
        double lossSum = 0;
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++)
        {
            int start = step * batchSize;
            int count = Math.Min(batchSize, order.Length - start);
            double loss = Step(order, start, count);
            _stepLosses.Add(loss);
            lossSum += loss;
            int imagesSoFar = start + count;
            progress?.Invoke(new StepProgress(epoch, step + 1, steps, lossSum / (step + 1), imagesSoFar / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        return new EpochResult(epoch, lossSum / steps, order.Length, clock.Elapsed.TotalSeconds);
    }

    private double Step(int[] order, int start, int count)
    {
        // The step's activations and gradients between nodes are recycled when the scope ends;
        // parameters, their .Grad and the optimizer's state are never scoped (docs/memory.md).
        using var scope = StorageScope.Begin();
        var (images, labels) = data.Batch(order, start, count);
        optimizer.ZeroGrad();
        var loss = F.CrossEntropy(model.Forward(images), labels);
        loss.Backward();
        optimizer.Step();
        scheduler?.Step();
        return loss.Item();
    }

    private static int[] Shuffle(int[] indices)
    {
        var permutation = Torch.RandPerm(indices.Length);
        return Array.ConvertAll(permutation, i => indices[i]);
    }
}
