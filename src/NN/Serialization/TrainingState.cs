using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Serialization;

/// <summary>
/// Saves and restores everything a training run needs to continue exactly as if it had never
/// stopped: model state, optimizer state (moments, step counts, settings), epoch and step
/// counters, and the random generator's position. Laid out in a <see cref="TrainingCheckpoint"/>:
/// optimizer tensors as <c>optim.state.&lt;id&gt;.&lt;key&gt;</c>, everything else as JSON in the
/// metadata (<c>optim.param_groups</c>, <c>generator</c>, <c>epoch</c>, <c>step</c>).
/// </summary>
public static class TrainingState
{
    private const string StatePrefix = "optim.state.";
    private const string GroupsKey = "optim.param_groups";
    private const string GeneratorKey = "generator";
    private const string EpochKey = "epoch";
    private const string StepKey = "step";

    /// <summary>Writes the checkpoint atomically.</summary>
    public static void Save(string path, Module model, Optimizer optimizer, Generator generator, long epoch, long step)
    {
        var optimState = optimizer.StateDict();
        var tensors = new OrderedDictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (id, entries) in optimState.State.OrderBy(kv => kv.Key))
            foreach (var (key, value) in entries)
                tensors[$"{StatePrefix}{id}.{key}"] = value.Data;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GroupsKey] = GroupsToJson(optimState.ParamGroups),
            [GeneratorKey] = Convert.ToBase64String(generator.GetStateBytes()),
            [EpochKey] = epoch.ToString(CultureInfo.InvariantCulture),
            [StepKey] = step.ToString(CultureInfo.InvariantCulture),
        };
        TrainingCheckpoint.Save(path, model.StateDict(), tensors, metadata);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and
    /// <paramref name="generator"/> and returns the counters. The file is parsed and every part
    /// validated (model keys, shapes and dtypes; optimizer groups and state) before anything
    /// changes; a bad file raises <see cref="SafeTensorsFormatException"/> and leaves all three untouched.
    /// </summary>
    public static (long Epoch, long Step) Load(string path, Module model, Optimizer optimizer, Generator generator)
    {
        var checkpoint = TrainingCheckpoint.Load(path);
        var meta = checkpoint.ExtraMetadata;
        var optimState = new OptimizerStateDict
        {
            State = ParseState(checkpoint.ExtraTensors),
            ParamGroups = GroupsFromJson(Require(meta, GroupsKey)),
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

    private static Dictionary<int, Dictionary<string, Tensor>> ParseState(OrderedDictionary<string, TensorData> tensors)
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
            entries[rest[(dot + 1)..]] = new Tensor(data);
        }
        return state;
    }

    private static string GroupsToJson(List<ParamGroupState> groups)
    {
        var array = new JsonArray();
        foreach (var g in groups)
        {
            var hyper = new JsonObject();
            foreach (var (k, v) in g.Hyperparameters)
                hyper[k] = v switch
                {
                    bool b => JsonValue.Create(b),
                    double[] pair => new JsonArray(pair.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
                    IConvertible c => JsonValue.Create(c.ToDouble(CultureInfo.InvariantCulture)),
                    _ => throw new ArgumentException($"hyperparameter '{k}' has an unsupported type {v.GetType().Name}"),
                };
            array.Add(new JsonObject { ["hyperparameters"] = hyper, ["params"] = new JsonArray(g.Params.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()) });
        }
        return array.ToJsonString();
    }

    private static List<ParamGroupState> GroupsFromJson(string json)
    {
        try
        {
            var groups = new List<ParamGroupState>();
            foreach (var node in JsonNode.Parse(json)!.AsArray())
            {
                var hyper = new OrderedDictionary<string, object>(StringComparer.Ordinal);
                foreach (var (k, v) in node!["hyperparameters"]!.AsObject())
                    hyper[k] = v switch
                    {
                        JsonArray a => a.Select(x => x!.GetValue<double>()).ToArray(),
                        JsonValue jv when jv.GetValueKind() is JsonValueKind.True or JsonValueKind.False => jv.GetValue<bool>(),
                        JsonValue jv => jv.GetValue<double>(),
                        _ => throw new FormatException($"hyperparameter '{k}' is not a number, flag or pair"),
                    };
                groups.Add(new ParamGroupState { Hyperparameters = hyper, Params = node["params"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray() });
            }
            return groups;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"\"{GroupsKey}\" is not a valid parameter-group list: {e.Message}");
        }
    }
}
