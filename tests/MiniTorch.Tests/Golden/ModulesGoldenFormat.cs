using System.Text.Json;
using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Golden;

/// <summary>modules.json (FORMAT.md): a BatchNorm module over several train/eval steps — outputs, gradients and the whole state dict after each.</summary>
public sealed class ModulesGoldenFormat : IGoldenFormat
{
    public string Format => "minitorch-golden-modules/1";

    public void Run(JsonElement testCase, JsonElement file)
    {
        double rtol = testCase.GetProperty("rtol").GetDouble(), atol = testCase.GetProperty("atol").GetDouble();
        var module = Build(testCase.GetProperty("module").GetString()!, testCase.GetProperty("args"));
        Assert.Equal(Names(testCase, "state_dict_keys"), module.StateDict().Keys);
        Assert.Equal(Names(testCase, "buffer_names"), module.NamedBuffers().Select(b => b.Name));
        Assert.Equal(Names(testCase, "parameter_names"), module.NamedParameters().Select(p => p.Name));
        module.LoadStateDict(GoldenTensors.ParseStateDict(testCase.GetProperty("state")), strict: true);

        int stepIndex = 0;
        foreach (var step in testCase.GetProperty("steps").EnumerateArray())
        {
            string where = $"step {++stepIndex} ({step.GetProperty("mode").GetString()})";
            module.Train(step.GetProperty("mode").GetString() == "train");
            module.ZeroGrad();
            var input = new Tensor(GoldenTensors.Parse(step.GetProperty("input")), requiresGrad: true);
            var output = module.Forward(input);
            GoldenTensors.AssertClose(output.Data, step.GetProperty("output"), rtol, atol, $"output at {where}");
            output.Backward(new Tensor(GoldenTensors.Parse(step.GetProperty("grad_output"))));
            foreach (var grad in step.GetProperty("grads").EnumerateObject())
            {
                var actual = grad.Name == "input" ? input.Grad : module.GetParameter(grad.Name).Grad;
                Assert.True(actual != null, $"no gradient for {grad.Name} at {where}");
                GoldenTensors.AssertClose(actual!.Data, grad.Value, rtol, atol, $"gradient of {grad.Name} at {where}");
            }
            GoldenTensors.AssertStateDict(module.StateDict(), step.GetProperty("state_after"), rtol, atol, where);
        }
    }

    private static BatchNorm Build(string name, JsonElement args)
    {
        int features = args.GetProperty("num_features").GetInt32();
        double eps = args.GetProperty("eps").GetDouble();
        double? momentum = args.GetProperty("momentum").ValueKind == JsonValueKind.Null ? null : args.GetProperty("momentum").GetDouble();
        bool affine = args.GetProperty("affine").GetBoolean(), track = args.GetProperty("track_running_stats").GetBoolean();
        return name switch
        {
            "BatchNorm1d" => new BatchNorm1d(features, eps, momentum, affine, track),
            "BatchNorm2d" => new BatchNorm2d(features, eps, momentum, affine, track),
            _ => throw new NotSupportedException($"module \"{name}\" is not known to the golden runner (BatchNorm1d, BatchNorm2d)"),
        };
    }

    internal static string[] Names(JsonElement testCase, string property) =>
        testCase.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
