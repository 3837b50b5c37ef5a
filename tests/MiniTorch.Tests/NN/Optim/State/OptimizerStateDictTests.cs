using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>The state-dict layout, loading with casts and deep copies, and every rejected defect leaving the optimizer unchanged.</summary>
public class OptimizerStateDictTests
{
    private static Parameter P(DType dtype, params int[] shape) => new(new Tensor(TensorData.Ones(dtype, shape)));

    private static void StepWithOnes(Optimizer optimizer, params Tensor[] withGrad)
    {
        foreach (var p in withGrad) p.Grad = new Tensor(TensorData.Ones(p.DType, p.Data.ShapeArray()));
        optimizer.Step();
    }

    /// <summary>Two groups of Adam over [2], [3] | [4], [5], [6], stepped once with gradients on all but the [5] tensor.</summary>
    private static (Adam Adam, Parameter[] Params) SteppedAdam(DType dtype = DType.Float32)
    {
        Parameter[] ps = [P(dtype, 2), P(dtype, 3), P(dtype, 4), P(dtype, 5), P(dtype, 6)];
        var adam = new Adam([new ParamGroup<AdamOptions>(ps[..2]), new ParamGroup<AdamOptions>(ps[2..], o => o with { Lr = 0.01, Amsgrad = true })]);
        StepWithOnes(adam, ps[0], ps[1], ps[2], ps[4]);
        return (adam, ps);
    }

    [Fact]
    public void Ids_RunOverTheGroupsInOrder_AndOnlyParametersWithStateAppear()
    {
        var (adam, _) = SteppedAdam();
        var sd = adam.StateDict();
        Assert.Equal([0, 1], sd.ParamGroups[0].Params);
        Assert.Equal([2, 3, 4], sd.ParamGroups[1].Params);
        Assert.Equal([0, 1, 2, 4], sd.State.Keys.Order());
        Assert.Equal(["step", "exp_avg", "exp_avg_sq"], sd.State[0].Keys);
        Assert.Equal(["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"], sd.State[4].Keys);
        Assert.Equal([6], sd.State[4]["exp_avg"].Shape.ToArray());
    }

    [Fact]
    public void Hyperparameters_UsePyTorchsNamesAndOrder()
    {
        var (adam, _) = SteppedAdam();
        var h = adam.StateDict().ParamGroups[1].Hyperparameters;
        Assert.Equal(["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"], h.Keys);
        Assert.Equal(0.01, h["lr"]);
        Assert.Equal(new[] { 0.9, 0.999 }, (double[])h["betas"]);
        Assert.Equal(true, h["amsgrad"]);

        var sgd = new Sgd([P(DType.Float32, 1)], new SgdOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true });
        var s = sgd.StateDict().ParamGroups[0].Hyperparameters;
        Assert.Equal(["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"], s.Keys);
        Assert.Equal(true, s["nesterov"]);

        var adamW = new AdamW([P(DType.Float32, 1)]).StateDict().ParamGroups[0].Hyperparameters;
        Assert.Equal(0.01, adamW["weight_decay"]);
        Assert.Equal(true, adamW["decoupled_weight_decay"]);
    }

    [Fact]
    public void StateTensors_AreTheOptimizersOwn_AsInPyTorch()
    {
        var (adam, ps) = SteppedAdam();
        Assert.Same(adam.GetState(ps[0])!["exp_avg"], adam.StateDict().State[0]["exp_avg"]);
    }

    [Fact]
    public void Loading_CastsFloatingStateToTheParameterDtype_ButNotTheStepCounter()
    {
        var (adam, _) = SteppedAdam(DType.Float32);
        Parameter[] doubles = [P(DType.Float64, 2), P(DType.Float64, 3), P(DType.Float64, 4), P(DType.Float64, 5), P(DType.Float64, 6)];
        var target = new Adam([new ParamGroup<AdamOptions>(doubles[..2]), new ParamGroup<AdamOptions>(doubles[2..])]);
        target.LoadStateDict(adam.StateDict());
        var state = target.GetState(doubles[0])!;
        Assert.Equal(DType.Float64, state["exp_avg"].DType);
        Assert.Equal(DType.Float32, state["step"].DType);
        Assert.Equal(0, state["step"].Rank);
        Assert.Equal(adam.GetState(adam.ParamGroups[0].Params[0])!["exp_avg"].ToDoubleArray(), state["exp_avg"].ToDoubleArray());
        Assert.True(target.ParamGroups[1].Options.Amsgrad); // hyperparameters come from the dict
        Assert.Equal(0.01, target.ParamGroups[1].Lr);
        Assert.Null(target.GetState(doubles[3]));
    }

    [Fact]
    public void Loading_DeepCopies_SoTheDictAndTheOptimizerNeverAlias()
    {
        var (adam, _) = SteppedAdam();
        var sd = adam.StateDict();
        Parameter[] ps = [P(DType.Float32, 2), P(DType.Float32, 3), P(DType.Float32, 4), P(DType.Float32, 5), P(DType.Float32, 6)];
        var target = new Adam([new ParamGroup<AdamOptions>(ps[..2]), new ParamGroup<AdamOptions>(ps[2..])]);
        target.LoadStateDict(sd);
        sd.State[0]["exp_avg"].Data.FillInPlace(42);
        ((double[])sd.ParamGroups[0].Hyperparameters["betas"])[0] = 0.5;
        sd.State[0]["step"].Data.FillInPlace(42);
        Assert.All(target.GetState(ps[0])!["exp_avg"].ToDoubleArray(), v => Assert.NotEqual(42, v));
        Assert.Equal(1, target.GetState(ps[0])!["step"].Item());
        Assert.Equal(0.9, target.ParamGroups[0].Options.Beta1);
    }

    [Fact]
    public void Loading_ReplacesAllState_AndTheInitialLr()
    {
        var p = P(DType.Float32, 2);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1, Momentum = 0.9 });
        var fresh = sgd.StateDict();
        _ = new StepLR(sgd, 2);
        StepWithOnes(sgd, p);
        Assert.NotNull(sgd.GetState(p));
        Assert.Equal(0.1, sgd.StateDict().ParamGroups[0].Hyperparameters["initial_lr"]);
        sgd.LoadStateDict(fresh);
        Assert.Null(sgd.GetState(p));
        Assert.Null(sgd.ParamGroups[0].InitialLr);
    }

    [Fact]
    public void MissingHyperparameters_KeepTheOptimizersDefaults()
    {
        var p = P(DType.Float32, 2);
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.3, Momentum = 0.5 });
        var sd = new OptimizerStateDict { ParamGroups = [new ParamGroupState { Params = [0], Hyperparameters = new() { ["lr"] = 0.05f } }] };
        sgd.LoadStateDict(sd);
        Assert.Equal(0.05f, sgd.ParamGroups[0].Lr); // a float is accepted as a number
        Assert.Equal(0.5, sgd.ParamGroups[0].Options.Momentum);
    }

    public static TheoryData<string> Defects() =>
    [
        "group count", "group size", "duplicate id", "unknown id", "state shape", "integer state", "step shape",
        "unknown state key", "incomplete adam state", "unknown hyperparameter", "hyperparameter type", "betas length",
        "invalid hyperparameter", "null state tensor",
    ];

    [Theory]
    [MemberData(nameof(Defects))]
    public void DefectiveStateDict_IsRejected_NamingTheDefect_AndChangesNothing(string defect)
    {
        var (adam, ps) = SteppedAdam();
        var good = adam.StateDict();
        var before = ps.Select(p => Snapshot.State(adam, p)).ToArray();
        var sd = new OptimizerStateDict
        {
            State = good.State.ToDictionary(kv => kv.Key, kv => new Dictionary<string, Tensor>(kv.Value)),
            ParamGroups = [.. good.ParamGroups.Select(g => new ParamGroupState { Params = [.. g.Params], Hyperparameters = new(g.Hyperparameters) })],
        };
        sd.ParamGroups[0].Hyperparameters["lr"] = 0.123; // a valid change that must not be applied when loading fails
        string expected;
        switch (defect)
        {
            case "group count":
                sd.ParamGroups.RemoveAt(1);
                expected = "loaded state dict has a different number of parameter groups (1 saved, 2 in the optimizer)";
                break;
            case "group size":
                sd.ParamGroups[1] = new ParamGroupState { Params = [2, 3], Hyperparameters = sd.ParamGroups[1].Hyperparameters };
                expected = "loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group 1: 2 saved, 3 in the optimizer)";
                break;
            case "duplicate id":
                sd.ParamGroups[1] = new ParamGroupState { Params = [2, 3, 1], Hyperparameters = sd.ParamGroups[1].Hyperparameters };
                expected = "parameter id 1 more than once";
                break;
            case "unknown id":
                sd.State[9] = sd.State[0];
                expected = "state for parameter id 9, which no parameter group lists";
                break;
            case "state shape":
                sd.State[2]["exp_avg_sq"] = new Tensor(TensorData.Zeros(DType.Float32, 2, 2));
                expected = "state[2][\"exp_avg_sq\"] has shape [2, 2] but parameter 2 has shape [4]";
                break;
            case "integer state":
                sd.State[1]["exp_avg"] = new Tensor(TensorData.Zeros(DType.Int64, 3));
                expected = "state[1][\"exp_avg\"] is int64";
                break;
            case "step shape":
                sd.State[0]["step"] = new Tensor(TensorData.Zeros(DType.Float32, 2));
                expected = "state[0][\"step\"] must hold one number, got a float32 tensor of shape [2]";
                break;
            case "unknown state key":
                sd.State[0]["momentum_buffer"] = sd.State[0]["exp_avg"];
                expected = "state[0] has key \"momentum_buffer\", which Adam does not keep";
                break;
            case "incomplete adam state":
                sd.State[4].Remove("exp_avg");
                expected = "state[4] has no \"exp_avg\"";
                break;
            case "unknown hyperparameter":
                sd.ParamGroups[1].Hyperparameters["momentum"] = 0.9;
                expected = "param_groups[1]: unknown hyperparameter 'momentum'";
                break;
            case "hyperparameter type":
                sd.ParamGroups[1].Hyperparameters["amsgrad"] = 1.0;
                expected = "param_groups[1]: hyperparameter 'amsgrad' must be true or false, got 1 (Double)";
                break;
            case "betas length":
                sd.ParamGroups[0].Hyperparameters["betas"] = new[] { 0.9 };
                expected = "param_groups[0]: hyperparameter 'betas' must be a list of two numbers";
                break;
            case "invalid hyperparameter":
                sd.ParamGroups[1].Hyperparameters["eps"] = -1.0;
                expected = "param_groups[1]: Invalid epsilon value: -1";
                break;
            default:
                sd.State[1]["exp_avg"] = null!;
                expected = "state[1][\"exp_avg\"] is null";
                break;
        }
        var e = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(sd));
        Assert.Contains(expected, e.Message);
        Assert.Equal(1e-3, adam.ParamGroups[0].Lr);
        for (int i = 0; i < ps.Length; i++) Snapshot.AssertSameState(before[i], adam, ps[i], $"p{i}");
    }

    [Fact]
    public void SgdStateDict_RejectsAdamState()
    {
        var p = P(DType.Float32, 2);
        var sgd = new Sgd([p], new SgdOptions { Momentum = 0.9 });
        var sd = new OptimizerStateDict
        {
            ParamGroups = [new ParamGroupState { Params = [0], Hyperparameters = new() { ["lr"] = 0.1 } }],
            State = new() { [0] = new() { ["exp_avg"] = new Tensor(TensorData.Zeros(DType.Float32, 2)) } },
        };
        var e = Assert.Throws<ArgumentException>(() => sgd.LoadStateDict(sd));
        Assert.Contains("state[0] has key \"exp_avg\", which SGD does not keep", e.Message);
    }
}
