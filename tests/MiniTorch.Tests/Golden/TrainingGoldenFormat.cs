using System.Text.Json;
using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Golden;

/// <summary>
/// training.json (FORMAT.md): a small network trained a few steps end to end — losses, final
/// state dict, eval output.
///
/// Some recorded values are set by rounding, not by the math: a bias feeding a training-mode
/// BatchNorm has an exactly zero gradient in exact arithmetic, so its float32 gradient is
/// rounding noise, and Adam normalizes noise into steps of size lr. No implementation that
/// rounds differently from libtorch (libtorch on another CPU included) reproduces such values.
/// The runner finds them without being told: it trains the same model a second time in float64,
/// and a tensor whose float32 and float64 results disagree beyond the case's tolerance is
/// rounding-determined. Those are checked against the largest move the optimizer could have made
/// (every other tensor is compared exactly as FORMAT.md says), and the eval output is also checked
/// from libtorch's own final state, which tests the eval forward pass independently of training noise.
/// </summary>
public sealed class TrainingGoldenFormat : IGoldenFormat
{
    public string Format => "minitorch-golden-training/1";

    public void Run(JsonElement testCase, JsonElement file)
    {
        double rtol = testCase.GetProperty("rtol").GetDouble(), atol = testCase.GetProperty("atol").GetDouble();
        Assert.Equal("cross_entropy_mean", testCase.GetProperty("loss").GetString());
        var model = Build(testCase);
        Assert.Equal(ModulesGoldenFormat.Names(testCase, "state_dict_keys"), model.StateDict().Keys);

        var losses = Train(model, testCase, DType.Float32);
        var expectedLosses = testCase.GetProperty("losses").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        Assert.Equal(expectedLosses.Length, losses.Count);
        for (int i = 0; i < losses.Count; i++)
            Assert.True(Math.Abs(losses[i] - expectedLosses[i]) <= atol + rtol * Math.Abs(expectedLosses[i]),
                $"loss of batch {i}: {losses[i]} vs libtorch {expectedLosses[i]}");

        // The float64 twin tells which final values rounding decides.
        var twin = Build(testCase);
        Train(twin, testCase, DType.Float64);
        var exact = twin.StateDict();
        var final = testCase.GetProperty("final_state_dict");
        var state = model.StateDict();
        Assert.Equal(final.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
        double envelope = LargestMove(testCase);
        var roundingDetermined = new List<string>();
        foreach (var entry in final.EnumerateObject())
        {
            var actual = state[entry.Name].Data;
            if (Close(actual, exact[entry.Name].Data.To(actual.DType), rtol, atol))
            {
                GoldenTensors.AssertClose(actual, entry.Value, rtol, atol, $"state_dict[\"{entry.Name}\"] after training");
                continue;
            }
            roundingDetermined.Add(entry.Name);
            Assert.True(envelope > 0, $"state_dict[\"{entry.Name}\"] depends on rounding, but {testCase.GetProperty("optimizer").GetString()} cannot amplify rounding noise");
            var expected = GoldenTensors.Parse(entry.Value);
            Assert.True(Close(actual, expected, 0, envelope),
                $"state_dict[\"{entry.Name}\"] (rounding-determined) moved outside the optimizer's envelope ±{envelope} of libtorch's value");
        }

        var evalInput = new Tensor(GoldenTensors.Parse(testCase.GetProperty("eval_input")));
        if (roundingDetermined.Count == 0)
        {
            model.Eval();
            GoldenTensors.AssertClose(model.Forward(evalInput).Data, testCase.GetProperty("eval_output"), rtol, atol, "eval output");
        }
        var recorded = Build(testCase);
        recorded.LoadStateDict(GoldenTensors.ParseStateDict(final));
        recorded.Eval();
        GoldenTensors.AssertClose(recorded.Forward(evalInput).Data, testCase.GetProperty("eval_output"), rtol, atol, "eval output from libtorch's final state");
    }

    /// <summary>Loads the initial state, converts to <paramref name="dtype"/>, and trains on every batch; returns the losses.</summary>
    private static List<double> Train(Module<Tensor, Tensor> model, JsonElement testCase, DType dtype)
    {
        model.LoadStateDict(GoldenTensors.ParseStateDict(testCase.GetProperty("initial_state_dict")), strict: true);
        model.To(dtype).Train();
        var optimizer = OptimGoldenFormat.Build(testCase.GetProperty("optimizer").GetString()!, testCase.GetProperty("hparams"), model.Parameters());
        var losses = new List<double>();
        foreach (var batch in testCase.GetProperty("batches").EnumerateArray())
        {
            optimizer.ZeroGrad();
            var x = new Tensor(GoldenTensors.Parse(batch.GetProperty("x")).To(dtype));
            var y = new Tensor(GoldenTensors.Parse(batch.GetProperty("y")));
            var loss = F.CrossEntropy(model.Forward(x), y);
            losses.Add(loss.Item());
            loss.Backward();
            optimizer.Step();
        }
        return losses;
    }

    /// <summary>
    /// How far rounding noise can push a value: 0 for SGD (its steps scale with the noise), and
    /// steps·lr·(1-β1)/sqrt(1-β2) for Adam and AdamW, whose normalized step is bounded by that ratio.
    /// </summary>
    private static double LargestMove(JsonElement testCase)
    {
        var h = testCase.GetProperty("hparams");
        int steps = testCase.GetProperty("batches").GetArrayLength();
        double lr = h.TryGetProperty("lr", out var l) ? l.GetDouble() : 1e-3;
        (double b1, double b2) = h.TryGetProperty("betas", out var b) ? (b[0].GetDouble(), b[1].GetDouble()) : (0.9, 0.999);
        return testCase.GetProperty("optimizer").GetString() is "Adam" or "AdamW" ? steps * lr * (1 - b1) / Math.Sqrt(1 - b2) : 0;
    }

    private static bool Close(TensorData a, TensorData e, double rtol, double atol)
    {
        var x = a.ToDoubleArray();
        var y = e.ToDoubleArray();
        for (int i = 0; i < x.Length; i++)
            if (!(Math.Abs(x[i] - y[i]) <= atol + rtol * Math.Abs(y[i]))) return false;
        return true;
    }

    private static Module<Tensor, Tensor> Build(JsonElement testCase)
    {
        var args = testCase.GetProperty("arch_args");
        return testCase.GetProperty("arch").GetString() switch
        {
            "mlp_bn" => new MlpBn(args.GetProperty("in").GetInt32(), args.GetProperty("hidden").GetInt32(), args.GetProperty("out").GetInt32()),
            "cnn_bn" => new CnnBn(),
            var arch => throw new NotSupportedException($"architecture \"{arch}\" is not known to the golden runner (mlp_bn, cnn_bn)"),
        };
    }

    /// <summary>fc2(relu(bn(fc1(x)))).</summary>
    private sealed class MlpBn : Module<Tensor, Tensor>
    {
        private readonly Linear _fc1, _fc2;
        private readonly BatchNorm1d _bn;
        public MlpBn(int input, int hidden, int output)
        {
            _fc1 = RegisterModule("fc1", new Linear(input, hidden));
            _bn = RegisterModule("bn", new BatchNorm1d(hidden));
            _fc2 = RegisterModule("fc2", new Linear(hidden, output));
        }
        public override Tensor Forward(Tensor x) => _fc2.Forward(_bn.Forward(_fc1.Forward(x)).Relu());
    }

    /// <summary>fc(flatten(max_pool2d(relu(bn(conv(x))), 2), 1)) on 8x8 inputs.</summary>
    private sealed class CnnBn : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;
        private readonly BatchNorm2d _bn;
        private readonly Linear _fc;
        public CnnBn()
        {
            _conv = RegisterModule("conv", new Conv2d(1, 4, 3, padding: 1));
            _bn = RegisterModule("bn", new BatchNorm2d(4));
            _fc = RegisterModule("fc", new Linear(64, 3));
        }
        public override Tensor Forward(Tensor x) => _fc.Forward(F.MaxPool2d(_bn.Forward(_conv.Forward(x)).Relu(), 2).Flatten(1));
    }
}
