using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>Properties over random optimizers, settings, parameter shapes and gradient schedules (null gradients included).</summary>
public class OptimizerPropertyTests
{
    /// <summary>A module holding the scenario's parameters plus buffers and a parameter the optimizer is not given.</summary>
    private sealed class Bag : Module
    {
        public Bag(IReadOnlyList<Parameter> parameters)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                RegisterParameter($"p{i}", parameters[i]);
                var shape = parameters[i].Data.ShapeArray();
                RegisterBuffer($"b{i}", new Tensor(TensorData.Full(shape, i + 0.25, parameters[i].DType)), persistent: i % 2 == 0);
            }
            Withheld = new Parameter(new Tensor(TensorData.Full([5], -1.5)));
        }

        /// <summary>Trainable, but not given to the optimizer.</summary>
        public Parameter Withheld { get; }
    }

    private static Arbitrary<OptimScenario> Scenarios(int maxSteps = 5) => OptimGenerators.Scenario(maxSteps).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Steps_NeverTouchWhatTheOptimizerWasNotGiven_AndNeverGiveAnythingAGrad() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var parameters = scenario.NewParameters();
            var model = new Bag(parameters);
            var optimizer = scenario.Setup.Create(scenario.Grouped([.. model.Parameters()]));
            var buffers = model.NamedBuffers().ToArray();
            var bufferBefore = buffers.Select(b => b.Buffer.Data.Clone()).ToArray();
            var withheldGrad = new Tensor(TensorData.Full([5], 7.0));
            model.Withheld.Grad = withheldGrad;
            var everHadGrad = new bool[parameters.Length];
            for (int step = 0; step < scenario.Grads.Length; step++)
            {
                scenario.SetGrads(parameters, step);
                var grads = parameters.Select(p => p.Grad).ToArray();
                var gradValues = grads.Select(g => g?.Data.Clone()).ToArray();
                var before = parameters.Select(p => p.Data.Clone()).ToArray();
                var stateBefore = parameters.Select(p => Snapshot.State(optimizer, p)).ToArray();
                optimizer.Step();
                for (int i = 0; i < buffers.Length; i++)
                {
                    Snapshot.AssertBitIdentical(bufferBefore[i], buffers[i].Buffer.Data, $"buffer {buffers[i].Name}");
                    Assert.Null(buffers[i].Buffer.Grad);
                    Assert.False(buffers[i].Buffer.RequiresGrad);
                }
                Snapshot.AssertBitIdentical(TensorData.Full([5], -1.5), model.Withheld.Data, "withheld parameter");
                Assert.Same(withheldGrad, model.Withheld.Grad);
                Snapshot.AssertBitIdentical(TensorData.Full([5], 7.0), withheldGrad.Data, "withheld parameter's gradient");
                for (int i = 0; i < parameters.Length; i++)
                {
                    Assert.Same(grads[i], parameters[i].Grad); // the optimizer never replaces a gradient...
                    if (gradValues[i] is { } g) Snapshot.AssertBitIdentical(g, grads[i]!.Data, $"gradient of p{i}"); // ...nor changes one
                    if (grads[i] is null)
                    {
                        Snapshot.AssertBitIdentical(before[i], parameters[i].Data, $"p{i} without gradient");
                        Snapshot.AssertSameState(stateBefore[i], optimizer, parameters[i], $"p{i} without gradient");
                    }
                    everHadGrad[i] |= grads[i] is not null;
                    if (!everHadGrad[i]) Assert.Null(optimizer.GetState(parameters[i]));
                }
            }
        });

    [Property(MaxTest = 200)]
    public Property StateDictRoundTrip_ContinuesBitIdenticallyToNeverStopping() =>
        Prop.ForAll(Scenarios(maxSteps: 6), Gen.Choose(0, 6).ToArbitrary(), (scenario, splitAt) =>
        {
            int split = Math.Min(splitAt, scenario.Grads.Length);
            var original = scenario.NewParameters();
            var optimizer = scenario.Setup.Create(scenario.Grouped(original));
            for (int step = 0; step < split; step++) { scenario.SetGrads(original, step); optimizer.Step(); }

            var saved = optimizer.StateDict();
            var copies = original.Select(p => new Parameter(new Tensor(p.Data.Clone()))).ToArray();
            var restored = scenario.Setup.Create(scenario.Grouped(copies));
            restored.LoadStateDict(saved);
            for (int step = split; step < scenario.Grads.Length; step++)
            {
                scenario.SetGrads(original, step);
                scenario.SetGrads(copies, step);
                optimizer.Step();
                restored.Step();
            }
            for (int i = 0; i < original.Length; i++)
            {
                Snapshot.AssertBitIdentical(original[i].Data, copies[i].Data, $"p{i}");
                Snapshot.AssertSameState(Snapshot.State(optimizer, original[i]), restored, copies[i], $"p{i}");
            }
        });

    [Property(MaxTest = 100)]
    public Property Steps_MatchADoublePrecisionReferenceOfTheUpdateRules() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var parameters = scenario.NewParameters();
            var optimizer = scenario.Setup.Create(scenario.Grouped(parameters));
            var reference = new ReferenceOptimizer(scenario);
            for (int step = 0; step < scenario.Grads.Length; step++)
            {
                scenario.SetGrads(parameters, step);
                optimizer.Step();
                reference.Step(step);
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                var actual = parameters[i].ToDoubleArray();
                double tolerance = parameters[i].DType == DType.Float64 ? 1e-12 : 2e-5;
                for (int j = 0; j < actual.Length; j++)
                    Assert.True(Math.Abs(actual[j] - reference.Params[i][j]) <= tolerance * (1 + Math.Abs(reference.Params[i][j])),
                        $"p{i}[{j}] = {actual[j]:R}, reference {reference.Params[i][j]:R}");
            }
        });

    /// <summary>SGD and Adam written directly from the rules in double precision, state kept per parameter.</summary>
    private sealed class ReferenceOptimizer(OptimScenario scenario)
    {
        public double[][] Params { get; } = [.. scenario.Initial.Select(t => t.ToDoubleArray())];
        private readonly double[]?[] _buf = new double[]?[scenario.Initial.Length];
        private readonly double[]?[] _m = new double[]?[scenario.Initial.Length];
        private readonly double[]?[] _v = new double[]?[scenario.Initial.Length];
        private readonly double[]?[] _vmax = new double[]?[scenario.Initial.Length];
        private readonly int[] _steps = new int[scenario.Initial.Length];

        public void Step(int step)
        {
            for (int i = 0; i < Params.Length; i++)
            {
                if (scenario.Grads[step][i] is not { } grad) continue;
                var g = grad.ToDoubleArray();
                var options = scenario.Setup.GroupOptions[scenario.GroupOf[i]];
                if (options is SgdOptions s) Sgd(i, g, s);
                else Adam(i, g, (AdamOptions)options);
            }
        }

        private void Sgd(int i, double[] g, SgdOptions o)
        {
            var p = Params[i];
            bool first = _buf[i] is null;
            var buf = _buf[i] ??= new double[p.Length];
            for (int j = 0; j < p.Length; j++)
            {
                double d = (o.Maximize ? -g[j] : g[j]) + o.WeightDecay * p[j];
                if (o.Momentum != 0)
                {
                    buf[j] = first ? d : o.Momentum * buf[j] + (1 - o.Dampening) * d;
                    d = o.Nesterov ? d + o.Momentum * buf[j] : buf[j];
                }
                p[j] -= o.Lr * d;
            }
        }

        private void Adam(int i, double[] g, AdamOptions o)
        {
            var p = Params[i];
            var m = _m[i] ??= new double[p.Length];
            var v = _v[i] ??= new double[p.Length];
            var vmax = _vmax[i] ??= new double[p.Length];
            int t = ++_steps[i];
            double bc1 = 1 - Math.Pow(o.Beta1, t), bc2 = 1 - Math.Pow(o.Beta2, t);
            for (int j = 0; j < p.Length; j++)
            {
                double d = o.Maximize ? -g[j] : g[j];
                if (o.DecoupledWeightDecay) p[j] *= 1 - o.Lr * o.WeightDecay;
                else d += o.WeightDecay * p[j];
                m[j] = o.Beta1 * m[j] + (1 - o.Beta1) * d;
                v[j] = o.Beta2 * v[j] + (1 - o.Beta2) * d * d;
                vmax[j] = Math.Max(vmax[j], v[j]);
                double second = o.Amsgrad ? vmax[j] : v[j];
                p[j] -= o.Lr / bc1 * m[j] / (Math.Sqrt(second / bc2) + o.Eps);
            }
        }
    }
}
