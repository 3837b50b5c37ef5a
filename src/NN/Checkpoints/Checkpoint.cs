using MiniTorch.NN;

namespace MiniTorch.Serialization;

/// <summary>
/// Saving and loading, one entry point per job, all in safetensors files:
/// <list type="bullet">
/// <item>a model's weights, interchangeable with PyTorch (<see cref="SaveStateDict(Module, string, IReadOnlyDictionary{string, string}?)"/>,
/// <see cref="LoadStateDict(Module, string, bool)"/>, <see cref="Load(string)"/>);</item>
/// <item>everything needed to resume training — model, optimizer, generator, counters
/// (<see cref="SaveTraining"/>, <see cref="LoadTraining"/>);</item>
/// <item>the training file underneath, for callers that store their own extra tensors and settings
/// (<see cref="SaveTrainingFile"/>, <see cref="LoadTrainingFile"/>).</item>
/// </list>
/// The raw format itself is <see cref="SafeTensors"/>.
/// </summary>
public static partial class Checkpoint
{
    /// <summary>The metadata PyTorch and Hugging Face writers put in every file; loaders such as <c>from_pretrained</c> check it.</summary>
    public const string FormatKey = "format";
    public const string FormatValue = "pt";

    /// <summary>Saves <paramref name="module"/>'s state dict (parameters and persistent buffers) atomically.</summary>
    public static void SaveStateDict(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SaveStateDict(module.StateDict(), path, metadata);
    }

    /// <summary>
    /// Saves a state dict atomically: the previous file at <paramref name="path"/> stays intact
    /// until the new one is complete and on disk. <c>{"format": "pt"}</c> is added to the
    /// metadata unless it names a format itself. Tied tensors (one storage under several keys) are
    /// written once per key, as the format forbids shared byte ranges; loading gives each key its
    /// own tensor. Module state versions (<see cref="StateDict.Metadata"/>) are not stored, as with
    /// PyTorch's safetensors files.
    /// </summary>
    public static void SaveStateDict(StateDict stateDict, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        SafeTensors.Save(path, stateDict, WithFormat(metadata));
    }

    /// <summary>Reads a state dict from a file (keys in the file's data order; no module state versions).</summary>
    public static StateDict Load(string path)
    {
        using var stream = SafeTensors.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Reads a state dict from a safetensors file starting at the stream's current position.</summary>
    public static StateDict Load(Stream stream) => new(SafeTensors.Load(stream).Tensors);

    /// <summary>
    /// Loads the file at <paramref name="path"/> into <paramref name="module"/> with
    /// <see cref="Module.LoadStateDict"/>'s rules. The whole file is read and validated first, so
    /// a bad file (<see cref="SafeTensorsFormatException"/>) or a mismatch
    /// (<see cref="InvalidOperationException"/>) leaves the module unchanged.
    /// </summary>
    public static IncompatibleKeys LoadStateDict(Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = SafeTensors.OpenRead(path);
        return LoadStateDict(module, stream, strict);
    }

    /// <summary>Like <see cref="LoadStateDict(Module, string, bool)"/>, from a readable, seekable stream.</summary>
    public static IncompatibleKeys LoadStateDict(Module module, Stream stream, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.LoadStateDict(Load(stream), strict);
    }

    private static Dictionary<string, string> WithFormat(IReadOnlyDictionary<string, string>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal) { [FormatKey] = FormatValue };
        if (metadata != null) foreach (var (k, v) in metadata) result[k] = v;
        return result;
    }
}
