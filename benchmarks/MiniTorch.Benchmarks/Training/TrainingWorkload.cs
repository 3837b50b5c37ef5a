using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Benchmarks.Training;

/// <summary>
/// One model, one fixed batch, cross-entropy loss and SGD with momentum 0.9: the unit a training
/// step benchmark repeats (zero_grad, forward, loss, backward, optimizer step).
/// </summary>
public sealed class TrainingWorkload
{
    private readonly Tensor _input, _target;
    private readonly CrossEntropyLoss _loss = new();

    private TrainingWorkload(string name, Sequential model, int[] inputShape, int classes, int batch)
    {
        Name = name;
        Model = model;
        var rng = new Random(1234);
        var x = new float[ShapeUtil.Numel(inputShape)];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle();
        var t = new long[batch];
        for (int i = 0; i < t.Length; i++) t[i] = rng.Next(classes);
        _input = new Tensor(TensorData.FromArray(x, inputShape));
        _target = new Tensor(TensorData.FromArray(t, batch));
        Model.Train();
        Optimizer = new Sgd(Model.Parameters(), new SgdOptions { Lr = 0.01, Momentum = 0.9 });
    }

    /// <summary>"mlp" or "cnn".</summary>
    public string Name { get; }

    public Sequential Model { get; }

    public Sgd Optimizer { get; }

    public Tensor Input => _input;

    /// <summary>MLP 784-256-10 with ReLU on a batch of 64 flattened 28x28 images.</summary>
    public static TrainingWorkload Mlp(int batch = 64)
    {
        var g = new Generator(1);
        var model = new Sequential(new Linear(784, 256, generator: g), new ReLU(), new Linear(256, 10, generator: g));
        return new TrainingWorkload("mlp", model, [batch, 784], 10, batch);
    }

    /// <summary>
    /// Two conv blocks (conv 3x3 padding 1, batch norm, ReLU, max-pool 2) with 16 and 32 channels,
    /// then linear 1568 -> 10, on a batch of 64 single-channel 28x28 images.
    /// </summary>
    public static TrainingWorkload Cnn(int batch = 64)
    {
        var g = new Generator(1);
        var model = new Sequential(
            new Conv2d(1, 16, 3, padding: 1, generator: g), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, padding: 1, generator: g), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(32 * 7 * 7, 10, generator: g));
        return new TrainingWorkload("cnn", model, [batch, 1, 28, 28], 10, batch);
    }

    /// <summary>
    /// One full training step inside a <see cref="StorageScope"/>, as a training loop should run
    /// it: the step's activations and intermediate gradients go back to the pool when it ends
    /// (docs/memory.md). Returns the loss, read before the scope releases it.
    /// </summary>
    public double Step()
    {
        using var scope = StorageScope.Begin();
        return StepUnscoped().Item();
    }

    /// <summary>
    /// The same step without a scope: every result is a fresh GC array (for comparison). Returns
    /// the loss tensor (computed before the update).
    /// </summary>
    public Tensor StepUnscoped()
    {
        // Zeroed in place (PyTorch's zero_grad(set_to_none=False)): each parameter keeps one gradient
        // tensor for the whole run. Setting them to none would allocate them afresh every step
        // (800 KB for the MLP's first weight) outside any scope, where the GC pays for them.
        Optimizer.ZeroGrad(setToNone: false);
        var loss = Loss(Model.Forward(_input));
        loss.Backward();
        Optimizer.Step();
        return loss;
    }

    /// <summary>The mean cross-entropy of <paramref name="logits"/> against this batch's targets.</summary>
    public Tensor Loss(Tensor logits) => _loss.Forward(logits, _target);

    /// <summary>
    /// Bytes of the tensors the forward pass produces (every layer's output, max-pool indices, the
    /// loss): the activations a step must hold for backward. Views (Flatten) add nothing.
    /// </summary>
    public long ActivationBytes()
    {
        long bytes = 0;
        var x = _input;
        for (int i = 0; i < Model.Count; i++)
        {
            var layer = Model[i];
            var y = layer.Forward(x);
            if (!ReferenceEquals(y.Data.Storage, x.Data.Storage)) bytes += StorageBytes(y.Data);
            if (layer is MaxPool2d pool)
                bytes += StorageBytes(F.MaxPool2dWithIndices(x, pool.KernelSize, pool.Stride, pool.Padding).Indices.Data);
            x = y;
        }
        return bytes + StorageBytes(Loss(x).Data);
    }

    private static long StorageBytes(TensorData t) => (long)t.Storage.Length * t.DType.ElementSize();
}
