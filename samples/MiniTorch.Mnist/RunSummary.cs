using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniTorch.Samples.Mnist;

/// <summary>What a training run did and measured; written as <c>summary.json</c> in the output folder.</summary>
public sealed record RunSummary
{
    /// <summary>The summary's file name inside the output folder.</summary>
    public const string FileName = "summary.json";

    /// <summary>Final held-out accuracy in [0, 1] (eval mode, after the last epoch).</summary>
    public required double Accuracy { get; init; }
    /// <summary>Held-out accuracy after each epoch.</summary>
    public required double[] EpochAccuracies { get; init; }
    /// <summary>Mean training loss of each epoch.</summary>
    public required double[] EpochLosses { get; init; }
    public required int Epochs { get; init; }
    public required int TrainImages { get; init; }
    public required int TestImages { get; init; }
    /// <summary>Wall-clock seconds from start to the end of the run (data loading, training, checks, files).</summary>
    public required double TotalSeconds { get; init; }
    /// <summary>Seconds spent in training steps only.</summary>
    public required double TrainSeconds { get; init; }
    /// <summary>Training images per second over all epochs (training steps only).</summary>
    public required double TrainImagesPerSecond { get; init; }
    public required int Threads { get; init; }
    public required ulong Seed { get; init; }
    public required string Optimizer { get; init; }
    public required double Lr { get; init; }
    public required int BatchSize { get; init; }
    /// <summary>Full path of the saved checkpoint.</summary>
    public required string Checkpoint { get; init; }
    /// <summary>True when the reloaded checkpoint gave the same accuracy and bit-identical logits.</summary>
    public required bool ReloadIdentical { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Writes the summary as indented JSON with snake_case keys (<c>"train_images_per_second"</c>).</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a summary written by <see cref="Write"/>.</summary>
    public static RunSummary Read(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no summary");
}
