using MiniTorch;
using MiniTorch.NN;

namespace MiniTorch.Samples.Seeds;

/// <summary>Seed 000: a module whose forward keeps running statistics in two buffers.</summary>
public sealed class RunningStats : Module<Tensor, Tensor>
{
    public RunningStats()
    {
        RegisterBuffer("running_mean", Torch.Zeros(1));
        RegisterBuffer("running_var", Torch.Ones(1));
    }

    // Assigning to a registered buffer keeps it registered (and persistent), as self.running_mean = ... does.
    public Tensor RunningMean { get => RegisteredBuffer("running_mean")!; set => SetBuffer("running_mean", value); }
    public Tensor RunningVar { get => RegisteredBuffer("running_var")!; set => SetBuffer("running_var", value); }

    public override Tensor Forward(Tensor x)
    {
        RunningMean = 0.9 * RunningMean + 0.1 * x.Mean();
        RunningVar = 0.9 * RunningVar + 0.1 * x.Var();
        return x;
    }
}

/// <summary>Seed 000/003: a module holding one Linear layer.</summary>
public sealed class MyModule : Module<Tensor, Tensor>
{
    public MyModule(int inputSize, int outputSize) => Lin = RegisterModule("lin", new Linear(inputSize, outputSize));
    public Linear Lin { get; }
    public override Tensor Forward(Tensor x) => Lin.Forward(x);
}

/// <summary>Seed 003: a registered buffer and a parameter side by side.</summary>
public sealed class MyModel : Module<Tensor, Tensor>
{
    public MyModel()
    {
        RegisterBuffer("my_buffer", Torch.Randn(2, 3));
        Param = RegisterParameter("param", new Parameter(Torch.Randn(3, 3)));
    }
    public Parameter Param { get; }
    public override Tensor Forward(Tensor x) => x;
}

/// <summary>
/// Seed 003's Model: conv1 = Sequential(Conv2d(1, 64, 3, 1, 1), ReLU()); a registered buffer
/// register_buffer_in [4, 6]; and a plain field attribute_buffer_in [3, 5] that is NOT registered.
/// </summary>
public sealed class Model : Module<Tensor, Tensor>
{
    public Model()
    {
        Conv1 = RegisterModule("conv1", new Sequential(new Conv2d(1, 64, kernelSize: 3, stride: 1, padding: 1), new ReLU()));
        AttributeBufferIn = Torch.Randn(3, 5);                 // a plain field: invisible to buffers() and state_dict()
        RegisterBuffer("register_buffer_in", Torch.Randn(4, 6)); // registered: a buffer
    }

    public Sequential Conv1 { get; }
    public Tensor AttributeBufferIn { get; }

    public override Tensor Forward(Tensor x) => x; // the seed's forward does nothing
}

/// <summary>Seed 001: the sinusoidal table is the built-in PositionalEncoding layer's "pe" buffer.</summary>
public static class Seed001
{
    public static PositionalEncoding Create(int dModel = 16, int maxLen = 50) => new(dModel, maxLen);
}

/// <summary>
/// Seed 001's class written out line by line with the public tensor API, as a user would port it:
/// the table is computed once in the constructor and registered as the buffer "pe".
/// </summary>
public sealed class SeedPositionalEncoding : Module<Tensor, Tensor>
{
    public SeedPositionalEncoding(int dModel, int maxLen = 5000)
    {
        var pe = Torch.Zeros(maxLen, dModel);
        var position = Torch.Arange(0, maxLen).Unsqueeze(1);
        var divTerm = (Torch.Arange(0, dModel, 2) * -(Math.Log(10000.0) / dModel)).Exp();
        pe.Slice(1, 0, dModel, 2).CopyInPlace((position * divTerm).Sin());   // pe[:, 0::2] = sin(position * div_term)
        pe.Slice(1, 1, dModel, 2).CopyInPlace((position * divTerm).Cos());   // pe[:, 1::2] = cos(position * div_term)
        pe = pe.Unsqueeze(0);                                                 // (1, max_len, d_model)
        RegisterBuffer("pe", pe);
    }

    public Tensor Pe => RegisteredBuffer("pe")!;

    public override Tensor Forward(Tensor x) => x + Pe.Narrow(1, 0, x.Size(1));   // x + self.pe[:, :x.size(1)]
}

/// <summary>
/// Seed 002: <c>self.register_buffer('running_mean', torch.zeros(num_features))</c> in a model's
/// constructor. The buffer is read back by name, like the attribute <c>self.running_mean</c>.
/// </summary>
public sealed class FeatureStats : Module<Tensor, Tensor>
{
    public FeatureStats(int numFeatures) => RegisterBuffer("running_mean", Torch.Zeros(numFeatures));

    public Tensor RunningMean => RegisteredBuffer("running_mean")!;

    public override Tensor Forward(Tensor x) => x - RunningMean;
}

/// <summary>
/// docs/buffers.md's example of the three kinds of module state side by side: a parameter, a
/// persistent buffer updated in forward, and a non-persistent buffer.
/// </summary>
public sealed class Normalizer : Module<Tensor, Tensor>
{
    public Normalizer(int features)
    {
        Scale = RegisterParameter("scale", new Parameter(Torch.Ones(features)));  // trained
        RegisterBuffer("running_mean", Torch.Zeros(features));                     // saved, not trained
        RegisterBuffer("mask", Torch.Ones(features), persistent: false);           // neither saved nor trained
    }

    public Parameter Scale { get; }
    public Tensor RunningMean { get => RegisteredBuffer("running_mean")!; private set => SetBuffer("running_mean", value); }
    public Tensor Mask => RegisteredBuffer("mask")!;

    public override Tensor Forward(Tensor x)
    {
        if (Training) RunningMean = 0.9 * RunningMean + 0.1 * x.Mean(0);   // stays a buffer, stored detached
        return (x - RunningMean) * Scale * Mask;
    }
}
