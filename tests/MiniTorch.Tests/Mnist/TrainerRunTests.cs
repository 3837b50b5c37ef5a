using System.Text.Json;
using MiniTorch.Samples.Mnist;
using MiniTorch.Serialization;

namespace MiniTorch.Tests.Mnist;

[Collection(nameof(MnistTrainerCollection))]
public class TrainerRunTests
{
    [Fact]
    public void SameSeedAndThreads_GiveTheSameRun_BitForBit()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = TrainerHarness.Run([.. TrainerHarness.Tiny, "--seed", "7", "--output", a.FullPath]);
        var second = TrainerHarness.Run([.. TrainerHarness.Tiny, "--seed", "7", "--output", b.FullPath]);
        Assert.Equal((0, ""), (first.ExitCode, first.Err));
        Assert.Equal((0, ""), (second.ExitCode, second.Err));

        var s1 = RunSummary.Read(a.File(RunSummary.FileName));
        var s2 = RunSummary.Read(b.File(RunSummary.FileName));
        Assert.Equal(s1.Accuracy, s2.Accuracy);
        Assert.Equal(s1.EpochLosses, s2.EpochLosses);
        Assert.Equal(LossLog.Read(a.File(LossLog.FileName)), LossLog.Read(b.File(LossLog.FileName)));
        Assert.Equal(File.ReadAllBytes(a.File(CheckpointCheck.FileName)), File.ReadAllBytes(b.File(CheckpointCheck.FileName)));
    }

    [Fact]
    public void AnotherSeed_GivesAnotherRun()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        Assert.Equal(0, TrainerHarness.Run([.. TrainerHarness.Tiny, "--seed", "1", "--output", a.FullPath]).ExitCode);
        Assert.Equal(0, TrainerHarness.Run([.. TrainerHarness.Tiny, "--seed", "2", "--output", b.FullPath]).ExitCode);
        Assert.NotEqual(LossLog.Read(a.File(LossLog.FileName)), LossLog.Read(b.File(LossLog.FileName)));
    }

    [Fact]
    public void OneThreadAndTwoThreads_GiveTheSameRun()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        string[] args = ["--train-limit", "96", "--test-limit", "64", "--epochs", "1", "--batch-size", "32", "--no-plot", "--seed", "3"];
        Assert.Equal(0, TrainerHarness.Run([.. args, "--threads", "1", "--output", a.FullPath]).ExitCode);
        Assert.Equal(0, TrainerHarness.Run([.. args, "--threads", "2", "--output", b.FullPath]).ExitCode);
        Assert.Equal(1, RunSummary.Read(a.File(RunSummary.FileName)).Threads);
        Assert.Equal(LossLog.Read(a.File(LossLog.FileName)), LossLog.Read(b.File(LossLog.FileName)));
        Assert.Equal(File.ReadAllBytes(a.File(CheckpointCheck.FileName)), File.ReadAllBytes(b.File(CheckpointCheck.FileName)));
    }

    [Fact]
    public void PlainOutput_HasNoTerminalCodes_AndPrintsTheKeyLines()
    {
        using var folder = new TempFolder();
        var run = TrainerHarness.Run([.. TrainerHarness.Tiny, "--output", folder.FullPath]);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Contains("epoch 1/1: held-out accuracy ", run.Out);
        Assert.Contains("reload check (fresh model, eval mode)", run.Out);
        Assert.Contains("identical", run.Out);
        Assert.Contains("final held-out accuracy ", run.Out);
        Assert.Contains("total time ", run.Out);
        Assert.False(File.Exists(folder.File(LossPlot.FileName))); // --no-plot
    }

    [Fact]
    public void EvalOfASavedCheckpoint_GivesTheTrainedAccuracy()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, TrainerHarness.Run([.. TrainerHarness.Tiny, "--output", folder.FullPath]).ExitCode);
        var summary = RunSummary.Read(folder.File(RunSummary.FileName));

        var eval = TrainerHarness.Run("--eval", folder.File(CheckpointCheck.FileName), "--test-limit", "64", "--threads", "2");

        Assert.Equal((0, ""), (eval.ExitCode, eval.Err));
        int correct = (int)Math.Round(summary.Accuracy * 64);
        Assert.Contains($"held-out accuracy: {100.0 * correct / 64:F2}% ({correct}/64)", eval.Out);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adamw")]
    public void EveryOptimizer_Trains(string optimizer)
    {
        using var folder = new TempFolder();
        var run = TrainerHarness.Run([.. TrainerHarness.Small(train: 256, test: 128), "--optimizer", optimizer, "--output", folder.FullPath]);
        Assert.Equal((0, ""), (run.ExitCode, run.Err));
        var summary = RunSummary.Read(folder.File(RunSummary.FileName));
        Assert.Equal(optimizer, summary.Optimizer);
        Assert.Equal(OptimizerChoice.DefaultLr(optimizer), summary.Lr);
        Assert.True(summary.Accuracy > 0.3, $"held-out accuracy {summary.Accuracy} after 256 images is not far above guessing (0.1)");
    }

    /// <summary>The brief's end-to-end run: 500 / 200 images, one epoch of batch 32, every output file. Draws the PNG (native Skia).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void EndToEnd_SmallRun_LearnsAndWritesEveryOutput()
    {
        using var folder = new TempFolder();
        var run = TrainerHarness.Run("--train-limit", "500", "--test-limit", "200", "--epochs", "1", "--batch-size", "32",
            "--threads", "2", "--seed", "11", "--output", folder.FullPath);
        Assert.Equal((0, ""), (run.ExitCode, run.Err));

        // The loss falls: the last steps' mean is below the first steps'.
        var losses = LossLog.Read(folder.File(LossLog.FileName));
        Assert.Equal(16, losses.Length); // ceil(500 / 32)
        Assert.True(losses[^4..].Average() < losses[..4].Average(), $"loss did not fall: {string.Join(", ", losses)}");

        // The checkpoint reloads to identical outputs, checked here independently of the trainer's own check.
        var checkpoint = folder.File(CheckpointCheck.FileName);
        Assert.True(File.Exists(checkpoint));
        var data = DataLoading.Load(MnistFile.DefaultPath, 500, 200);
        var first = Evaluation.Run(CheckpointCheck.Load(checkpoint), data, data.Test);
        var second = Evaluation.Run(CheckpointCheck.Load(checkpoint), data, data.Test);
        Assert.True(first.LogitsBitIdentical(second));
        Assert.Equal(RunSummary.Read(folder.File(RunSummary.FileName)).Accuracy, first.Accuracy);
        var state = Checkpoint.Load(checkpoint);
        Assert.Contains("features.1.running_mean", state.Keys);
        Assert.Contains("features.5.running_var", state.Keys);
        Assert.NotEqual(0, state["features.1.running_mean"].ToDoubleArray().Select(Math.Abs).Sum()); // trained statistics, not the initial zeros

        // The plot is a real PNG of the stated size with something drawn in it. (Without any font
        // installed, Skia draws no text and the file is ~8 KB; with fonts it is ~50 KB.)
        var png = File.ReadAllBytes(folder.File(LossPlot.FileName));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(LossPlot.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(LossPlot.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(png.Length > 5_000, $"PNG of {png.Length} bytes is too small to hold the curves");

        // summary.json parses and holds what the run did.
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File(RunSummary.FileName)));
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0.5, 1.0);
        Assert.Equal(1, root.GetProperty("epochs").GetInt32());
        Assert.Equal(500, root.GetProperty("train_images").GetInt32());
        Assert.Equal(200, root.GetProperty("test_images").GetInt32());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(11UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal("adam", root.GetProperty("optimizer").GetString());
        Assert.Equal(0.002, root.GetProperty("lr").GetDouble());
        Assert.Equal(32, root.GetProperty("batch_size").GetInt32());
        Assert.True(root.GetProperty("total_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("train_images_per_second").GetDouble() > 0);
        Assert.Equal(checkpoint, root.GetProperty("checkpoint").GetString());
        Assert.True(root.GetProperty("reload_identical").GetBoolean());
    }
}
