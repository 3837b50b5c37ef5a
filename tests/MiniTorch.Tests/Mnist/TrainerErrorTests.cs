using MiniTorch.NN;
using MiniTorch.Samples.Mnist;
using MiniTorch.Serialization;

namespace MiniTorch.Tests.Mnist;

/// <summary>Every kind of bad input gives one clear line on standard error, a non-zero exit code and no stack trace.</summary>
[Collection(nameof(MnistTrainerCollection))]
public class TrainerErrorTests
{
    public static TheoryData<string[], string> ImpossibleOptions => new()
    {
        { ["--epochs", "0"], "0" },
        { ["--epochs", "-3"], "-3" },
        { ["--epochs", "three"], "three" },
        { ["--batch-size", "0"], "0" },
        { ["--lr", "0"], "0" },
        { ["--lr", "-0.01"], "-0.01" },
        { ["--lr", "NaN"], "NaN" },
        { ["--optimizer", "rmsprop"], "rmsprop" },
        { ["--threads", "0"], "0" },
        { ["--train-limit", "0"], "0" },
        { ["--test-limit", "-1"], "-1" },
        { ["--seed", "-1"], "-1" },
        { ["--output", ""], "--output" },
        { ["--frobnicate"], "--frobnicate" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleOptions))]
    public void ImpossibleOption_IsRejectedBeforeAnyWork_WithOneLineNamingIt(string[] args, string named)
    {
        var run = TrainerHarness.Run(args);
        Assert.Equal(TrainerException.UsageError, run.ExitCode);
        AssertOneClearLine(run, named);
        Assert.Equal("", run.Out); // nothing started
    }

    [Fact]
    public void MissingDataFile_IsNamed()
    {
        using var folder = new TempFolder();
        var path = folder.File("no-such-digits.bin.gz");
        var run = TrainerHarness.Run([.. TrainerHarness.Tiny, "--data", path, "--output", folder.File("out")]);
        AssertRuntimeError(run, path, "not found");
    }

    [Theory]
    [InlineData("not gzip")]
    [InlineData("bad magic")]
    [InlineData("truncated")]
    public void CorruptDataFile_IsNamed(string kind)
    {
        using var folder = new TempFolder();
        var path = folder.File("digits.bin.gz");
        File.WriteAllBytes(path, kind switch
        {
            "not gzip" => "plain text, not digits"u8.ToArray(),
            "bad magic" => MnistDataFileTests.Gzip([.. "ABCD"u8, .. MnistDataFileTests.Header(1, 28, 28)]),
            _ => MnistDataFileTests.Gzip([.. "MTMN"u8, .. MnistDataFileTests.Header(10, 28, 28), 1, 2, 3]),
        });
        var run = TrainerHarness.Run([.. TrainerHarness.Tiny, "--data", path, "--output", folder.File("out")]);
        AssertRuntimeError(run, path, "not a valid MNIST digits file");
    }

    [Fact]
    public void DataFileOfTheWrongImageSize_IsNamed()
    {
        using var folder = new TempFolder();
        var path = folder.File("small.bin.gz");
        MnistFile.Write(path, new MnistImages([1, 2, 3], new byte[3 * 16], 4, 4));
        var run = TrainerHarness.Run([.. TrainerHarness.Tiny, "--data", path, "--output", folder.File("out")]);
        Assert.Equal(TrainerException.RuntimeError, run.ExitCode);
        AssertOneClearLine(run, "4x4");
    }

    [Fact]
    public void MissingCheckpoint_IsNamed()
    {
        using var folder = new TempFolder();
        var path = folder.File("nothing.safetensors");
        AssertRuntimeError(Eval(path), path, "not found");
    }

    [Theory]
    [InlineData("random bytes")]
    [InlineData("truncated")]
    public void CorruptCheckpoint_IsNamed_WithTheSafetensorsProblem(string kind)
    {
        using var folder = new TempFolder();
        var path = folder.File("broken.safetensors");
        if (kind == "random bytes") File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        else
        {
            Checkpoint.SaveStateDict(new MnistNet(), path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        }
        AssertRuntimeError(Eval(path), path, "invalid safetensors file");
    }

    [Fact]
    public void CheckpointWithOtherShapes_IsNamed_WithTheMismatchedTensor()
    {
        using var folder = new TempFolder();
        var path = folder.File("other.safetensors");
        var state = new MnistNet().StateDict();
        state["classifier.weight"] = Torch.Zeros(10, 100); // as if the network had another input size
        Checkpoint.SaveStateDict(state, path);
        AssertRuntimeError(Eval(path), path, "classifier.weight", "[10, 100]");
    }

    [Fact]
    public void CheckpointOfAnotherModel_IsNamed_WithTheMissingKeys()
    {
        using var folder = new TempFolder();
        var path = folder.File("linear.safetensors");
        Checkpoint.SaveStateDict(new Linear(3, 4), path);
        AssertRuntimeError(Eval(path), path, "Missing key(s)");
    }

    [Fact]
    public void UnwritableOutputFolder_IsNamed_BeforeTraining()
    {
        using var folder = new TempFolder();
        var blocker = folder.File("a-file");
        File.WriteAllText(blocker, "a file where the output folder's parent should be");
        var output = Path.Combine(blocker, "out");
        var run = TrainerHarness.Run([.. TrainerHarness.Tiny, "--output", output]);
        AssertRuntimeError(run, output);
        Assert.DoesNotContain("epoch", run.Out); // refused before any training
    }

    [Fact]
    public void Help_ListsTheOptions_AndSucceeds()
    {
        var run = TrainerHarness.Run("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--epochs", "--batch-size", "--lr", "--optimizer", "--threads", "--seed", "--output", "--train-limit", "--test-limit", "--eval", "--data", "--no-plot" })
            Assert.Contains(option, run.Out);
        Assert.DoesNotContain("--convert-from", run.Out); // maintenance only
        Assert.Equal("", run.Err);
    }

    private static TrainerResult Eval(string checkpoint) => TrainerHarness.Run("--eval", checkpoint, "--test-limit", "10");

    /// <summary>A bad input file or folder: exit code 1 and one clear line naming it, which also says each of <paramref name="mentions"/>.</summary>
    private static void AssertRuntimeError(TrainerResult run, string named, params string[] mentions)
    {
        Assert.Equal(TrainerException.RuntimeError, run.ExitCode);
        AssertOneClearLine(run, named);
        foreach (var m in mentions) Assert.Contains(m, run.Err);
    }

    private static void AssertOneClearLine(TrainerResult run, string named)
    {
        var lines = run.ErrLines;
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{run.Err}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(named, lines[0]);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.DoesNotContain("Exception", run.Err);
    }
}
