using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>The hand-derived examples of pytorch-semantics.md section 6 and the rules around them.</summary>
public class WorkedExampleTests
{
    private static Parameter Scalar(double value, DType dtype = DType.Float32) => new(new Tensor(TensorData.Full([1], value, dtype)));

    private static Tensor Grad(double value, DType dtype = DType.Float32) => new(TensorData.Full([1], value, dtype));

    private static double Value(Tensor t) => t.ToDoubleArray()[0];

    [Fact]
    public void SgdMomentum_FollowsTheWorkedExample()
    {
        // p=1, g≡1, lr=0.1, μ=0.9: buf 1 → p 0.9; buf 1.9 → p 0.71; buf 2.71 → p 0.439.
        var p = Scalar(1, DType.Float64);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, Momentum = 0.9 });
        double[] expectedP = [0.9, 0.71, 0.439], expectedBuf = [1, 1.9, 2.71];
        for (int i = 0; i < 3; i++)
        {
            p.Grad = Grad(1, DType.Float64);
            sgd.Step();
            Assert.Equal(expectedP[i], Value(p), 1e-12);
            Assert.Equal(expectedBuf[i], Value(sgd.GetState(p)!["momentum_buffer"]), 1e-12);
        }
    }

    [Fact]
    public void SgdDampening_DoesNotScaleTheFirstMomentumBuffer()
    {
        // dampening 0.5: buf₁ = 1 (not 0.5), buf₂ = 0.9·1 + 0.5·1 = 1.4; p: 1 → 0.9 → 0.76.
        var p = Scalar(1);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, Momentum = 0.9, Dampening = 0.5 });
        p.Grad = Grad(1);
        sgd.Step();
        Assert.Equal(1.0, Value(sgd.GetState(p)!["momentum_buffer"]));
        Assert.Equal(0.9, Value(p), 1e-6);
        sgd.Step();
        Assert.Equal(1.4, Value(sgd.GetState(p)!["momentum_buffer"]), 1e-6);
        Assert.Equal(0.76, Value(p), 1e-6);
    }

    [Fact]
    public void SgdFirstMomentumBuffer_IsACopyOfTheGradient_NotAnAlias()
    {
        var p = Scalar(1);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, Momentum = 0.9 });
        p.Grad = Grad(1);
        sgd.Step();
        var buffer = sgd.GetState(p)!["momentum_buffer"];
        Assert.NotSame(p.Grad.Data.Storage, buffer.Data.Storage);
        p.Grad.Data.FillInPlace(5); // gradients accumulate in place; the buffer must not follow
        Assert.Equal(1.0, Value(buffer));
    }

    [Fact]
    public void SgdNesterov_UsesTheGradientPlusMomentumTimesBuffer()
    {
        // p=1, g≡1, lr=0.1, μ=0.9: buf 1, d = 1 + 0.9 = 1.9 → p 0.81; buf 1.9, d = 1 + 1.71 = 2.71 → p 0.539.
        var p = Scalar(1, DType.Float64);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true });
        p.Grad = Grad(1, DType.Float64);
        sgd.Step();
        Assert.Equal(0.81, Value(p), 1e-12);
        sgd.Step();
        Assert.Equal(0.539, Value(p), 1e-12);
    }

    [Fact]
    public void SgdMaximize_NegatesTheGradientBeforeWeightDecay()
    {
        // d = -g + wd·p = -2 + 0.1·1 = -1.9; p = 1 - 0.1·(-1.9) = 1.19.
        var p = Scalar(1, DType.Float64);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, WeightDecay = 0.1, Maximize = true });
        p.Grad = Grad(2, DType.Float64);
        sgd.Step();
        Assert.Equal(1.19, Value(p), 1e-12);
    }

    [Fact]
    public void Adam_FollowsTheWorkedExample_WithEpsAddedAfterBiasCorrection()
    {
        // p=1, g=2, lr=0.1: m=0.2, v=0.004, m̂=2, v̂=4, p = 1 - 0.1·2/(2+1e-8).
        var p = Scalar(1, DType.Float64);
        var adam = new Adam([p], new AdamOptions { Lr = 0.1 });
        p.Grad = Grad(2, DType.Float64);
        adam.Step();
        Assert.Equal(1 - 0.1 * 2 / (2 + 1e-8), Value(p), 1e-12);
        var state = adam.GetState(p)!;
        Assert.Equal(0.2, Value(state["exp_avg"]), 1e-12);
        Assert.Equal(0.004, Value(state["exp_avg_sq"]), 1e-12);
        Assert.False(state.ContainsKey("max_exp_avg_sq"));
    }

    [Fact]
    public void AdamL2WeightDecay_IsNormalizedAwayOnTheFirstStep()
    {
        var p = Scalar(1);
        var adam = new Adam([p], new AdamOptions { Lr = 0.1, WeightDecay = 0.01 });
        p.Grad = Grad(2);
        adam.Step();
        Assert.Equal(0.9, Value(p), 1e-6); // g = 2.01, m̂/sqrt(v̂) = 1
        Assert.Equal(0.201, Value(adam.GetState(p)!["exp_avg"]), 1e-7);
    }

    [Fact]
    public void AdamW_DecaysWithThePlainLearningRateBeforeTheMomentUpdate()
    {
        // p → 0.999 → 0.999 - 0.1·2/(2+1e-8) ≈ 0.899; the moments see the raw gradient.
        var p = Scalar(1, DType.Float64);
        var adamW = new AdamW([p], new AdamWOptions { Lr = 0.1 });
        Assert.Equal(0.01, adamW.Defaults.WeightDecay);
        p.Grad = Grad(2, DType.Float64);
        adamW.Step();
        Assert.Equal(0.999 - 0.1 * 2 / (2 + 1e-8), Value(p), 1e-12);
        Assert.Equal(0.2, Value(adamW.GetState(p)!["exp_avg"]), 1e-12);
    }

    [Fact]
    public void AdamStepCounter_IsAZeroDimFloat32Tensor_CountingSteps()
    {
        var p = Scalar(1, DType.Float64);
        var adam = new Adam([p]);
        for (int i = 1; i <= 3; i++)
        {
            p.Grad = Grad(1, DType.Float64);
            adam.Step();
            var step = adam.GetState(p)!["step"];
            Assert.Equal(0, step.Rank);
            Assert.Equal(DType.Float32, step.DType);
            Assert.Equal(i, step.Item());
            Assert.False(step.RequiresGrad);
        }
    }

    [Fact]
    public void AdamBiasCorrection_UsesTheStepCount()
    {
        // Two steps with g=1 then g=3, β=(0.9, 0.999), lr=0.01, hand-derived in double.
        var p = Scalar(0.5, DType.Float64);
        var adam = new Adam([p], new AdamOptions { Lr = 0.01 });
        double m = 0, v = 0, expected = 0.5;
        double[] grads = [1, 3];
        for (int t = 1; t <= 2; t++)
        {
            double g = grads[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            expected -= 0.01 / (1 - Math.Pow(0.9, t)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8);
            p.Grad = Grad(g, DType.Float64);
            adam.Step();
            Assert.Equal(expected, Value(p), 1e-12);
        }
    }

    [Fact]
    public void Amsgrad_UsesTheMaximumOfRawSecondMoments()
    {
        // g: 2 then 0. v₁ = 0.004, v₂ = 0.003996 < vmax = 0.004; the second step divides by sqrt(0.004)/sqrt(bc2₂) + eps.
        var p = Scalar(1, DType.Float64);
        var adam = new Adam([p], new AdamOptions { Lr = 0.1, Amsgrad = true });
        p.Grad = Grad(2, DType.Float64);
        adam.Step();
        double afterFirst = Value(p);
        p.Grad = Grad(0, DType.Float64);
        adam.Step();
        double m2 = 0.9 * 0.2, bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
        double expected = afterFirst - 0.1 / bc1 * m2 / (Math.Sqrt(0.004) / Math.Sqrt(bc2) + 1e-8);
        Assert.Equal(expected, Value(p), 1e-12);
        Assert.Equal(0.004, Value(adam.GetState(p)!["max_exp_avg_sq"]), 1e-15);
        Assert.Equal(0.999 * 0.004, Value(adam.GetState(p)!["exp_avg_sq"]), 1e-15);
    }

    [Fact]
    public void ParametersWithoutGradient_AreSkipped_NoStateNoWeightDecay()
    {
        var withGrad = Scalar(1);
        var without = Scalar(1);
        var sgd = new Sgd([withGrad, without], new SgdOptions { Lr = 0.1, Momentum = 0.9, WeightDecay = 0.5 });
        var adam = new Adam([Scalar(1), Scalar(1)], new AdamOptions { WeightDecay = 0.5 });
        withGrad.Grad = Grad(0);
        sgd.Step();
        Assert.Equal(1.0, Value(without));
        Assert.Null(sgd.GetState(without));
        Assert.Equal(1 - 0.1 * 0.5, Value(withGrad), 1e-6); // a zero gradient still steps: weight decay moves it
        adam.Step();
        Assert.All(adam.ParamGroups[0].Params, q => { Assert.Equal(1.0, Value(q)); Assert.Null(adam.GetState(q)); });
    }

    [Fact]
    public void ZeroGradients_AreStepped_AndCreateState()
    {
        var p = Scalar(1);
        var adam = new Adam([p]);
        p.Grad = Grad(0);
        adam.Step();
        Assert.Equal(1.0, Value(p)); // m = 0, so no move, but the step was taken
        Assert.Equal(1.0, adam.GetState(p)!["step"].Item());
    }

    [Fact]
    public void SgdWithoutMomentum_KeepsNoState()
    {
        var p = Scalar(1);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.5 });
        p.Grad = Grad(1);
        sgd.Step();
        Assert.Equal(0.5, Value(p));
        Assert.Null(sgd.GetState(p));
        Assert.Empty(sgd.StateDict().State);
    }

    [Fact]
    public void ZeroGrad_SetsToNoneByDefault_OrZeroesTheSameTensorInPlace()
    {
        var a = Scalar(1);
        var b = Scalar(1);
        var sgd = new Sgd([a, b], new SgdOptions { Lr = 0.1, WeightDecay = 1 });
        a.Grad = Grad(3);
        sgd.ZeroGrad();
        Assert.Null(a.Grad);
        var grad = Grad(3);
        b.Grad = grad;
        sgd.ZeroGrad(setToNone: false);
        Assert.Same(grad, b.Grad);
        Assert.Equal(0.0, Value(grad));
        sgd.Step(); // a is skipped (None); b has a zero gradient, so weight decay moves it
        Assert.Equal(1.0, Value(a));
        Assert.Equal(0.9, Value(b), 1e-6);
    }

    [Fact]
    public void PerGroupSettings_OverrideTheDefaults()
    {
        var weight = Scalar(1);
        var bias = Scalar(1);
        var sgd = new Sgd(
            [new ParamGroup<SgdOptions>([weight]), new ParamGroup<SgdOptions>([bias], o => o with { WeightDecay = 0, Lr = 0.5 })],
            new SgdOptions { Lr = 0.1, WeightDecay = 1 });
        weight.Grad = Grad(1);
        bias.Grad = Grad(1);
        sgd.Step();
        Assert.Equal(1 - 0.1 * (1 + 1), Value(weight), 1e-6);
        Assert.Equal(1 - 0.5 * 1, Value(bias), 1e-6);
        Assert.Equal(1.0, sgd.ParamGroups[0].Options.WeightDecay);
        Assert.Equal(0.0, sgd.ParamGroups[1].Options.WeightDecay);
    }

    [Fact]
    public void GroupLearningRate_CanBeChangedBetweenSteps()
    {
        var p = Scalar(1);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1 });
        sgd.ParamGroups[0].Lr = 0.25;
        Assert.Equal(0.25, sgd.ParamGroups[0].Options.Lr);
        p.Grad = Grad(1);
        sgd.Step();
        Assert.Equal(0.75, Value(p));
    }

    [Fact]
    public void StridedParameter_IsUpdatedThroughItsView()
    {
        // A parameter whose data is a transposed view: the update lands in the viewed storage.
        var storage = TensorData.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var p = new Parameter(new Tensor(storage.Transpose(0, 1)));
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.5 });
        p.Grad = new Tensor(TensorData.Ones(DType.Float32, 3, 2));
        sgd.Step();
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f], storage.ToArray<float>());
    }

    [Fact]
    public void BroadcastGradient_IsReadThroughItsLayout()
    {
        // A gradient that is a stride-0 view (an expanded scalar) steps like its dense equivalent.
        var p = new Parameter(new Tensor(TensorData.FromArray(new float[] { 1, 2, 3 }, 3)));
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.5, Momentum = 0.5 });
        p.Grad = new Tensor(TensorData.Scalar(2).Expand(3));
        sgd.Step();
        Assert.Equal([0f, 1f, 2f], p.Data.ToArray<float>());
        Assert.Equal([2f, 2f, 2f], sgd.GetState(p)!["momentum_buffer"].Data.ToArray<float>());
    }

    [Fact]
    public void StepWithClosure_EvaluatesItWithGradEnabled_ThenSteps()
    {
        var p = Scalar(2);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1 });
        bool enabled;
        using (Torch.NoGrad())
        {
            var loss = sgd.Step(() =>
            {
                enabled = Torch.IsGradEnabled;
                Assert.True(enabled);
                p.Grad = Grad(1);
                return new Tensor(p.Data.Clone());
            });
            Assert.Equal(2.0, Value(loss), 1e-6); // the closure's value, computed before the step
        }
        Assert.Equal(1.9, Value(p), 1e-6);
    }
}
