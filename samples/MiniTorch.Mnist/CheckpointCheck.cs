using MiniTorch.Serialization;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// Saving the trained model and proving the file holds all of it: the checkpoint is loaded into a
/// freshly built <see cref="MnistNet"/>, and both models, in eval mode, must give the same held-out
/// accuracy and bit-identical logits. That can only hold if BatchNorm's running statistics
/// (buffers, not parameters) were saved and restored too.
/// </summary>
public sealed record CheckpointCheck(string Path, Evaluation Trained, Evaluation Reloaded)
{
    /// <summary>The checkpoint's file name inside the output folder.</summary>
    public const string FileName = "mnist-cnn.safetensors";

    /// <summary>Same accuracy and the same logits, bit for bit.</summary>
    public bool Identical => Trained.Correct == Reloaded.Correct && Trained.LogitsBitIdentical(Reloaded);

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="path"/>, reloads it into a new model and
    /// compares both on the held-out images. <paramref name="trained"/> is the model's own
    /// evaluation on them when the caller has it already (evaluation changes nothing in the model).
    /// </summary>
    public static CheckpointCheck Run(MnistNet model, MnistData data, string path, Evaluation? trained = null)
    {
        trained ??= Evaluation.Run(model, data, data.Test);
        Checkpoint.SaveStateDict(model, path, new Dictionary<string, string> { ["model"] = nameof(MnistNet) });
        var fresh = Load(path);
        return new CheckpointCheck(path, trained, Evaluation.Run(fresh, data, data.Test));
    }

    /// <summary>
    /// A new <see cref="MnistNet"/> with the weights and buffers of the checkpoint at
    /// <paramref name="path"/>, in eval mode. A missing, malformed or ill-fitting file raises a
    /// <see cref="TrainerException"/> naming the file and the problem.
    /// </summary>
    public static MnistNet Load(string path)
    {
        var model = new MnistNet();
        try
        {
            Checkpoint.LoadStateDict(model, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TrainerException($"checkpoint not found: {path}", inner: e);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new TrainerException($"checkpoint {path} is not a usable safetensors file: {e.Message}", inner: e);
        }
        catch (InvalidOperationException e)
        {
            throw new TrainerException($"checkpoint {path} does not fit the MNIST network: {OneLine(e.Message)}", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainerException($"cannot read checkpoint {path}: {e.Message}", inner: e);
        }
        model.Eval();
        return model;
    }

    // LoadStateDict lists its problems on tab-indented lines, as PyTorch does; the trainer prints one line.
    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
