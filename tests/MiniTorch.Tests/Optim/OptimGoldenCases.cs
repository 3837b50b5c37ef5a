using System.Text.Json;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>
/// Runs one case of the golden <c>optim.json</c> exactly as tests/golden/FORMAT.md says: build
/// the optimizer from PyTorch's argument names, then for each step set every parameter's
/// gradient (or clear it for null), step, and compare every parameter with the recorded
/// trajectory under the case's rtol/atol. Self-contained, so any golden runner can call it.
/// </summary>
public static class OptimGoldenCases
{
    public static void Run(JsonElement testCase)
    {
        string name = testCase.GetProperty("name").GetString()!;
        var parameters = testCase.GetProperty("params").EnumerateArray().Select(t => new Parameter(ReadTensor(t))).ToArray();
        var optimizer = Create(testCase.GetProperty("optimizer").GetString()!, testCase.GetProperty("hparams"), parameters);
        double rtol = testCase.GetProperty("rtol").GetDouble(), atol = testCase.GetProperty("atol").GetDouble();
        var grads = testCase.GetProperty("grads").EnumerateArray().ToArray();
        var trajectory = testCase.GetProperty("trajectory").EnumerateArray().ToArray();
        Assert.True(grads.Length == trajectory.Length, $"{name}: {grads.Length} gradient steps but {trajectory.Length} trajectory entries");
        for (int step = 0; step < grads.Length; step++)
        {
            var stepGrads = grads[step].EnumerateArray().ToArray();
            var expected = trajectory[step].EnumerateArray().ToArray();
            Assert.True(stepGrads.Length == parameters.Length && expected.Length == parameters.Length,
                $"{name} step {step}: {stepGrads.Length} gradients and {expected.Length} expected tensors for {parameters.Length} parameters");
            for (int i = 0; i < parameters.Length; i++)
                parameters[i].Grad = stepGrads[i].ValueKind == JsonValueKind.Null ? null : new Tensor(ReadTensor(stepGrads[i]));
            optimizer.Step();
            for (int i = 0; i < parameters.Length; i++)
                AssertClose(ReadTensor(expected[i]), parameters[i].Data, rtol, atol, $"{name} step {step} param {i}");
        }
    }

    /// <summary>Builds SGD/Adam/AdamW from PyTorch's keyword arguments; absent ones keep PyTorch's defaults, unknown ones fail.</summary>
    public static Optimizer Create(string optimizer, JsonElement hparams, IEnumerable<Tensor> parameters)
    {
        var given = hparams.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        double Number(string key, double fallback) => given.Remove(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key, bool fallback) => given.Remove(key, out var v) ? v.GetBoolean() : fallback;
        (double, double) Betas((double, double) fallback)
        {
            if (!given.Remove("betas", out var v)) return fallback;
            var b = v.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.True(b.Length == 2, $"betas must have two entries, got {b.Length}");
            return (b[0], b[1]);
        }
        AdamOptions AdamLike(AdamOptions d)
        {
            var (beta1, beta2) = Betas((d.Beta1, d.Beta2));
            return d with
            {
                Lr = Number("lr", d.Lr), Beta1 = beta1, Beta2 = beta2, Eps = Number("eps", d.Eps),
                WeightDecay = Number("weight_decay", d.WeightDecay), Amsgrad = Flag("amsgrad", d.Amsgrad), Maximize = Flag("maximize", d.Maximize),
            };
        }
        Optimizer result;
        switch (optimizer)
        {
            case "SGD":
                var s = new SgdOptions();
                result = new Sgd(parameters, s with
                {
                    Lr = Number("lr", s.Lr), Momentum = Number("momentum", s.Momentum), Dampening = Number("dampening", s.Dampening),
                    WeightDecay = Number("weight_decay", s.WeightDecay), Nesterov = Flag("nesterov", s.Nesterov), Maximize = Flag("maximize", s.Maximize),
                });
                break;
            case "Adam":
                result = new Adam(parameters, AdamLike(new AdamOptions()));
                break;
            case "AdamW":
                result = new AdamW(parameters, (AdamWOptions)AdamLike(new AdamWOptions()));
                break;
            default:
                throw new Xunit.Sdk.XunitException($"unknown optimizer '{optimizer}' in optim.json");
        }
        Assert.True(given.Count == 0, $"{optimizer}: hyperparameters not understood: {string.Join(", ", given.Keys)}");
        return result;
    }

    /// <summary>A golden tensor: shape, dtype and flat row-major data (float32 decimals parse back to the same bits).</summary>
    public static TensorData ReadTensor(JsonElement tensor)
    {
        var shape = tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var dtype = DTypes.Parse(tensor.GetProperty("dtype").GetString()!);
        var values = tensor.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(values.Length == ShapeUtil.Numel(shape), $"golden tensor of shape {ShapeUtil.Format(shape)} has {values.Length} values");
        return dtype switch
        {
            DType.Float32 => TensorData.FromArray(Array.ConvertAll(values, v => (float)v), shape),
            DType.Float64 => TensorData.FromArray(values, shape),
            DType.Int64 => TensorData.FromArray(Array.ConvertAll(values, v => (long)v), shape),
            _ => throw new Xunit.Sdk.XunitException($"unexpected golden dtype {dtype.Name()}"),
        };
    }

    public static void AssertClose(TensorData expected, TensorData actual, double rtol, double atol, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {ShapeUtil.Format(actual.Shape)}, expected {ShapeUtil.Format(expected.Shape)}");
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType.Name()}, expected {expected.DType.Name()}");
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= atol + rtol * Math.Abs(e[i]),
                $"{what}: element {i} is {a[i]:R}, expected {e[i]:R} (|diff| {Math.Abs(a[i] - e[i]):E3} > atol {atol} + rtol {rtol}·|expected|)");
    }
}

public class OptimGoldenTests
{
    private static readonly Lazy<JsonDocument> File = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "optim.json"))));

    private static IEnumerable<JsonElement> Cases => File.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static TheoryData<string> CaseNames() => [.. Cases.Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GoldenCase_MatchesTheLibtorchTrajectory(string name) =>
        OptimGoldenCases.Run(Cases.Single(c => c.GetProperty("name").GetString() == name));

    [Fact]
    public void GoldenFile_HoldsTheElevenRecordedCases() => Assert.Equal(11, Cases.Count());
}
