using System.Text.Json;
using MiniTorch.NN;
using MiniTorch.Optim;

namespace MiniTorch.Tests.Golden;

/// <summary>optim.json (FORMAT.md): an optimizer stepped with given gradients must follow libtorch's parameter trajectory.</summary>
public sealed class OptimGoldenFormat : IGoldenFormat
{
    public string Format => "minitorch-golden-optim/1";

    public void Run(JsonElement testCase, JsonElement file)
    {
        double rtol = testCase.GetProperty("rtol").GetDouble(), atol = testCase.GetProperty("atol").GetDouble();
        var parameters = testCase.GetProperty("params").EnumerateArray().Select(p => new Parameter(new Tensor(GoldenTensors.Parse(p)))).ToArray();
        var optimizer = Build(testCase.GetProperty("optimizer").GetString()!, testCase.GetProperty("hparams"), parameters);
        var grads = testCase.GetProperty("grads").EnumerateArray().ToArray();
        var trajectory = testCase.GetProperty("trajectory").EnumerateArray().ToArray();
        Assert.Equal(grads.Length, trajectory.Length);
        for (int step = 0; step < grads.Length; step++)
        {
            var stepGrads = grads[step].EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Length; i++)
                parameters[i].Grad = stepGrads[i].ValueKind == JsonValueKind.Null ? null : new Tensor(GoldenTensors.Parse(stepGrads[i]));
            optimizer.Step();
            var expected = trajectory[step].EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Length; i++)
                GoldenTensors.AssertClose(parameters[i].Data, expected[i], rtol, atol, $"parameter {i} after step {step + 1}");
        }
    }

    /// <summary>Builds an optimizer from PyTorch's argument names; absent ones take PyTorch's defaults.</summary>
    internal static Optimizer Build(string name, JsonElement h, IEnumerable<Tensor> parameters)
    {
        double Num(string key, double fallback) => h.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key) => h.TryGetProperty(key, out var v) && v.GetBoolean();
        (double, double) Betas((double, double) fallback) =>
            h.TryGetProperty("betas", out var b) ? (b[0].GetDouble(), b[1].GetDouble()) : fallback;
        switch (name)
        {
            case "SGD":
                var sgd = new SgdOptions();
                return new Sgd(parameters, sgd with
                {
                    Lr = Num("lr", sgd.Lr), Momentum = Num("momentum", sgd.Momentum), Dampening = Num("dampening", sgd.Dampening),
                    WeightDecay = Num("weight_decay", sgd.WeightDecay), Nesterov = Flag("nesterov"), Maximize = Flag("maximize"),
                });
            case "Adam":
            case "AdamW":
                AdamOptions defaults = name == "Adam" ? new AdamOptions() : new AdamWOptions();
                var (beta1, beta2) = Betas((defaults.Beta1, defaults.Beta2));
                var options = defaults with
                {
                    Lr = Num("lr", defaults.Lr), Beta1 = beta1, Beta2 = beta2, Eps = Num("eps", defaults.Eps),
                    WeightDecay = Num("weight_decay", defaults.WeightDecay), Amsgrad = Flag("amsgrad"), Maximize = Flag("maximize"),
                };
                return name == "Adam" ? new Adam(parameters, options) : new AdamW(parameters, (AdamWOptions)options);
            default:
                throw new NotSupportedException($"optimizer \"{name}\" is not known to the golden runner (SGD, Adam, AdamW)");
        }
    }
}
