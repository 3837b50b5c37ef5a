using System.Globalization;
using MiniTorch.NN;
using MiniTorch.Optim;

namespace MiniTorch.Serialization;

// Resuming training: everything a run needs to continue exactly as if it had never stopped —
// model state, optimizer state (moments, step counts, settings), epoch and step counters, and the
// random generator's position. Laid out in a training file: optimizer tensors as
// optim.state.<id>.<key>, everything else in the metadata (optim.param_groups as JSON, generator
// as base64, epoch, step).
public static partial class Checkpoint
{
    private const string StatePrefix = "optim.state.";
    private const string GroupsKey = "optim.param_groups";
    private const string GeneratorKey = "generator";
    private const string EpochKey = "epoch";
    private const string StepKey = "step";

    /// <summary>Writes a checkpoint to resume training from, atomically.</summary>
    public static void SaveTraining(string path, Module model, Optimizer optimizer, Generator generator, long epoch, long step)
    {
        var optimState = optimizer.StateDict();
        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (id, entries) in optimState.State.OrderBy(kv => kv.Key))
            foreach (var (key, value) in entries)
                tensors[$"{StatePrefix}{id}.{key}"] = value;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GroupsKey] = ParamGroupsJson.Write(optimState.ParamGroups),
            [GeneratorKey] = Convert.ToBase64String(generator.GetStateBytes()),
            [EpochKey] = epoch.ToString(CultureInfo.InvariantCulture),
            [StepKey] = step.ToString(CultureInfo.InvariantCulture),
        };
        SaveTrainingFile(path, model.StateDict(), tensors, metadata);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and
    /// <paramref name="generator"/> and returns the counters. The file is parsed and every part
    /// validated (model keys, shapes and dtypes; optimizer groups and state) before anything
    /// changes; a bad file raises <see cref="SafeTensorsFormatException"/> and leaves all three untouched.
    /// </summary>
    public static (long Epoch, long Step) LoadTraining(string path, Module model, Optimizer optimizer, Generator generator)
    {
        var checkpoint = LoadTrainingFile(path);
        var meta = checkpoint.ExtraMetadata;
        var optimState = new OptimizerStateDict
        {
            State = ParseState(checkpoint.ExtraTensors),
            ParamGroups = ParamGroupsJson.Read(Require(meta, GroupsKey), GroupsKey),
        };
        byte[] generatorState;
        long epoch, step;
        try
        {
            generatorState = Convert.FromBase64String(Require(meta, GeneratorKey));
            epoch = long.Parse(Require(meta, EpochKey), CultureInfo.InvariantCulture);
            step = long.Parse(Require(meta, StepKey), CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"training checkpoint metadata is malformed: {e.Message}");
        }

        // Each LoadStateDict is all-or-nothing; if a later one fails, the earlier ones are rolled back.
        var optimizerBefore = optimizer.StateDict();
        var generatorBefore = generator.GetStateBytes();
        try
        {
            generator.SetState(generatorState);
            optimizer.LoadStateDict(optimState);
            model.LoadStateDict(checkpoint.Model);
        }
        catch
        {
            optimizer.LoadStateDict(optimizerBefore);
            generator.SetState(generatorBefore);
            throw;
        }
        return (epoch, step);
    }

    private static string Require(IReadOnlyDictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var v) ? v
        : throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"training checkpoint metadata has no \"{key}\" entry");

    private static Dictionary<int, Dictionary<string, Tensor>> ParseState(OrderedDictionary<string, Tensor> tensors)
    {
        var state = new Dictionary<int, Dictionary<string, Tensor>>();
        foreach (var (name, data) in tensors)
        {
            if (!name.StartsWith(StatePrefix, StringComparison.Ordinal)) continue;
            var rest = name[StatePrefix.Length..];
            int dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"optimizer tensor \"{name}\" is not named {StatePrefix}<id>.<key>");
            if (!state.TryGetValue(id, out var entries)) state[id] = entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            entries[rest[(dot + 1)..]] = data;
        }
        return state;
    }
}
