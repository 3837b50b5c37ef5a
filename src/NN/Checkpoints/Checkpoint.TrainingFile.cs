using MiniTorch.NN;

namespace MiniTorch.Serialization;

// The layout of a training checkpoint, independent of what goes in it: the model's state dict
// under "model.<key>", any further tensors under their own names, and the non-tensor parts as
// strings (JSON, by convention) in __metadata__, with a marker entry naming the layout version.
public static partial class Checkpoint
{
    /// <summary>
    /// The contents of a training checkpoint file: the model's state dict (keys without the
    /// <c>model.</c> prefix, in the file's data order), the other tensors by the names they were
    /// saved under, and the caller's metadata (without the reserved keys).
    /// </summary>
    public sealed record TrainingFile(StateDict Model, OrderedDictionary<string, Tensor> ExtraTensors, IReadOnlyDictionary<string, string> ExtraMetadata)
    {
        /// <summary>Prefix of the model's tensors in the file.</summary>
        public const string ModelPrefix = "model.";

        /// <summary>Metadata key marking a training checkpoint; its value is the layout version.</summary>
        public const string MarkerKey = "minitorch.training_checkpoint";
        public const string LayoutVersion = "1";
    }

    /// <summary>
    /// Saves a training file atomically: <paramref name="model"/> under <c>model.</c>, the extra
    /// tensors and metadata beside it. Extra tensor names must not start with <c>model.</c>, and
    /// extra metadata must not use the reserved keys <c>format</c> and <c>minitorch.training_checkpoint</c>.
    /// The container guarantees a bit-exact round trip; what goes in it is the caller's choice.
    /// </summary>
    public static void SaveTrainingFile(string path, StateDict model, IReadOnlyDictionary<string, Tensor> extraTensors, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(extraTensors);
        ArgumentNullException.ThrowIfNull(extraMetadata);
        foreach (var name in extraTensors.Keys)
            if (name.StartsWith(TrainingFile.ModelPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"extra tensor \"{name}\" would collide with the model's \"{TrainingFile.ModelPrefix}\" names", nameof(extraTensors));
        foreach (var key in extraMetadata.Keys)
            if (key is TrainingFile.MarkerKey or FormatKey)
                throw new ArgumentException($"metadata key \"{key}\" is reserved by the checkpoint layout", nameof(extraMetadata));

        var tensors = model.Select(kv => KeyValuePair.Create(TrainingFile.ModelPrefix + kv.Key, kv.Value)).Concat(extraTensors);
        var metadata = new Dictionary<string, string>(extraMetadata, StringComparer.Ordinal)
        {
            [TrainingFile.MarkerKey] = TrainingFile.LayoutVersion,
            [FormatKey] = FormatValue,
        };
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>Loads a file written by <see cref="SaveTrainingFile"/> (or <see cref="SaveTraining"/>); any other file raises <see cref="SafeTensorsFormatException"/>.</summary>
    public static TrainingFile LoadTrainingFile(string path)
    {
        var file = SafeTensors.Load(path);
        var metadata = file.Metadata;
        if (metadata == null || !metadata.TryGetValue(TrainingFile.MarkerKey, out var version))
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"the metadata has no \"{TrainingFile.MarkerKey}\" entry, so this is not a training checkpoint (load it with Checkpoint.Load instead)");
        if (version != TrainingFile.LayoutVersion)
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"training checkpoint layout version \"{version}\" is not supported (expected \"{TrainingFile.LayoutVersion}\")");

        var model = new StateDict();
        var extra = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file.Tensors)
        {
            if (name.StartsWith(TrainingFile.ModelPrefix, StringComparison.Ordinal)) model.Add(name[TrainingFile.ModelPrefix.Length..], tensor);
            else extra.Add(name, tensor);
        }
        var extraMetadata = metadata.Where(kv => kv.Key is not (TrainingFile.MarkerKey or FormatKey))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new TrainingFile(model, extra, extraMetadata);
    }
}
