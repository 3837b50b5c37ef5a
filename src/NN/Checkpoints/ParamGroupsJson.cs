using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniTorch.Optim;

namespace MiniTorch.Serialization;

/// <summary>
/// An optimizer's parameter groups (hyperparameters and tensor ids) as the JSON a training
/// checkpoint keeps in its metadata: <c>[{"hyperparameters": {"lr": 0.1, "betas": [0.9, 0.999], ...}, "params": [0, 1]}, ...]</c>.
/// </summary>
internal static class ParamGroupsJson
{
    public static string Write(List<ParamGroupState> groups)
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

    public static List<ParamGroupState> Read(string json, string key)
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
            throw new SafeTensorsFormatException(SafeTensorsCheck.NotATrainingCheckpoint, $"\"{key}\" is not a valid parameter-group list: {e.Message}");
        }
    }
}
