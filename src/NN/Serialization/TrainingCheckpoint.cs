using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Serialization;

/// <summary>
/// Everything needed to resume training, in one safetensors file: the model's state dict under
/// <c>model.&lt;key&gt;</c>, further tensors under their own names (optimizer moments as
/// <c>optim.state.&lt;id&gt;.&lt;key&gt;</c>, say), and the non-tensor parts — optimizer settings,
/// epoch and step counters, random generator state — as strings (JSON, by convention) in
/// <c>__metadata__</c>. The container is generic: the optimizer and generator decide what they
/// store; it guarantees a bit-exact round trip and an atomic save.
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>Prefix of the model's tensors in the file.</summary>
    public const string ModelPrefix = "model.";

    /// <summary>Metadata key marking a training checkpoint; its value is the layout version.</summary>
    public const string MarkerKey = "minitorch.training_checkpoint";
    public const string LayoutVersion = "1";

    private TrainingCheckpoint(StateDict model, OrderedDictionary<string, TensorData> extraTensors, Dictionary<string, string> extraMetadata)
    {
        Model = model;
        ExtraTensors = extraTensors;
        ExtraMetadata = extraMetadata;
    }

    /// <summary>The model's state dict (keys without the <c>model.</c> prefix, in the file's data order).</summary>
    public StateDict Model { get; }

    /// <summary>The other tensors, by the names they were saved under.</summary>
    public OrderedDictionary<string, TensorData> ExtraTensors { get; }

    /// <summary>The caller's metadata (without the reserved keys).</summary>
    public IReadOnlyDictionary<string, string> ExtraMetadata { get; }

    /// <summary>
    /// Saves atomically. Extra tensor names must not start with <c>model.</c>, and extra metadata
    /// must not use the reserved keys <c>format</c> and <c>minitorch.training_checkpoint</c>.
    /// </summary>
    public static void Save(string path, StateDict model, IReadOnlyDictionary<string, TensorData> extraTensors, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(extraTensors);
        ArgumentNullException.ThrowIfNull(extraMetadata);
        foreach (var name in extraTensors.Keys)
            if (name.StartsWith(ModelPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"extra tensor \"{name}\" would collide with the model's \"{ModelPrefix}\" names", nameof(extraTensors));
        foreach (var key in extraMetadata.Keys)
            if (key is MarkerKey or Checkpoint.FormatKey)
                throw new ArgumentException($"metadata key \"{key}\" is reserved by the checkpoint layout", nameof(extraMetadata));

        var tensors = model.Select(kv => KeyValuePair.Create(ModelPrefix + kv.Key, kv.Value.Data)).Concat(extraTensors);
        var metadata = new Dictionary<string, string>(extraMetadata, StringComparer.Ordinal)
        {
            [MarkerKey] = LayoutVersion,
            [Checkpoint.FormatKey] = Checkpoint.FormatValue,
        };
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>; any other file raises <see cref="SafeTensorsFormatException"/>.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        var file = SafeTensors.Load(path);
        var metadata = file.Metadata;
        if (metadata == null || !metadata.TryGetValue(MarkerKey, out var version))
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"the metadata has no \"{MarkerKey}\" entry, so this is not a training checkpoint (load it with Checkpoint.Load instead)");
        if (version != LayoutVersion)
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"training checkpoint layout version \"{version}\" is not supported (expected \"{LayoutVersion}\")");

        var model = new StateDict();
        var extra = new OrderedDictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file.Tensors)
        {
            if (name.StartsWith(ModelPrefix, StringComparison.Ordinal)) model.Add(name[ModelPrefix.Length..], new Tensor(tensor));
            else extra.Add(name, tensor);
        }
        var extraMetadata = metadata.Where(kv => kv.Key is not (MarkerKey or Checkpoint.FormatKey))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new TrainingCheckpoint(model, extra, extraMetadata);
    }
}
