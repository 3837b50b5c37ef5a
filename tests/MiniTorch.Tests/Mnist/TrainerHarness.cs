using MiniTorch.Samples.Mnist;

namespace MiniTorch.Tests.Mnist;

/// <summary>
/// Trainer runs change process-wide state (the default generator's seed, the kernel thread
/// count), so every test that runs the trainer belongs to this collection, which runs alone.
/// </summary>
[CollectionDefinition(nameof(MnistTrainerCollection), DisableParallelization = true)]
public sealed class MnistTrainerCollection;

/// <summary>What one in-process trainer run printed and returned.</summary>
internal sealed record TrainerResult(int ExitCode, string Out, string Err)
{
    /// <summary>Standard error's non-empty lines.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal static class TrainerHarness
{
    /// <summary>A small, fast run (CI also runs it under Arm emulation): 128 training and 64 held-out images, one epoch of batch 32, no plot.</summary>
    public static readonly string[] Tiny = Small(train: 128, test: 64);

    /// <summary>One epoch of batch 32 on the first <paramref name="train"/> / <paramref name="test"/> images of the split, two threads, no plot.</summary>
    public static string[] Small(int train, int test) =>
        ["--train-limit", $"{train}", "--test-limit", $"{test}", "--epochs", "1", "--batch-size", "32", "--threads", "2", "--no-plot"];

    public static TrainerResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrainerCommand.Run(args, output, error);
        return new TrainerResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>A fresh folder under the temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(FullPath);

    public string FullPath { get; } = Path.Combine(Path.GetTempPath(), "minitorch-mnist-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(FullPath, name);

    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (IOException) { } // a leftover temp folder is no test failure
    }
}
