using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>Each way of building or stepping an optimizer wrongly: the exception type, a message naming the offending value or shape, and nothing half-built.</summary>
public class OptimizerValidationTests
{
    private static Parameter P(params int[] shape) => new(new Tensor(TensorData.Ones(DType.Float32, shape)));

    [Fact]
    public void EmptyParameterList_IsRejected()
    {
        Assert.Equal("optimizer got an empty parameter list", Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>())).Message);
        Assert.Equal("optimizer got an empty parameter list", Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<ParamGroup<AdamOptions>>())).Message);
    }

    [Theory]
    [InlineData(-0.1, "Invalid learning rate: -0.1")]
    [InlineData(double.NaN, "Invalid learning rate: NaN")]
    public void InvalidLearningRate_IsRejected_NamingTheValue(double lr, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new Sgd([P(2)], new SgdOptions { Lr = lr })).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new Adam([P(2)], new AdamOptions { Lr = lr })).Message);
    }

    [Fact]
    public void HyperparametersAreChecked_BeforeTheParameterList_AsInPyTorch() =>
        Assert.Equal("Invalid learning rate: -1", Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>(), new SgdOptions { Lr = -1 })).Message);

    [Fact]
    public void InvalidSgdValues_AreRejected_NamingTheValue()
    {
        Assert.Equal("Invalid momentum value: -0.5", Assert.Throws<ArgumentException>(() => new Sgd([P(2)], new SgdOptions { Momentum = -0.5 })).Message);
        Assert.Equal("Invalid weight_decay value: -0.01", Assert.Throws<ArgumentException>(() => new Sgd([P(2)], new SgdOptions { WeightDecay = -0.01 })).Message);
    }

    [Fact]
    public void NesterovWithoutMomentumOrWithDampening_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd([P(2)], new SgdOptions { Nesterov = true }));
        Assert.StartsWith("Nesterov momentum requires a momentum and zero dampening", e.Message);
        Assert.Contains("momentum 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Sgd([P(2)], new SgdOptions { Nesterov = true, Momentum = 0.9, Dampening = 0.1 }));
        Assert.Contains("dampening 0.1", e.Message);
    }

    [Fact]
    public void InvalidAdamValues_AreRejected_NamingTheValue()
    {
        Assert.Equal("Invalid epsilon value: -1e-08", Assert.Throws<ArgumentException>(() => new Adam([P(2)], new AdamOptions { Eps = -1e-8 })).Message);
        Assert.Equal("Invalid beta parameter at index 0: 1", Assert.Throws<ArgumentException>(() => new Adam([P(2)], new AdamOptions { Beta1 = 1 })).Message);
        Assert.Equal("Invalid beta parameter at index 1: -0.1", Assert.Throws<ArgumentException>(() => new AdamW([P(2)], new AdamWOptions { Beta2 = -0.1 })).Message);
        Assert.Equal("Invalid weight_decay value: -1", Assert.Throws<ArgumentException>(() => new AdamW([P(2)], new AdamWOptions { WeightDecay = -1 })).Message);
    }

    [Fact]
    public void InvalidGroupOverride_IsRejected_NamingTheGroup()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd(
            [new ParamGroup<SgdOptions>([P(2)]), new ParamGroup<SgdOptions>([P(3)], o => o with { Lr = -2 })], new SgdOptions { Lr = 0.1 }));
        Assert.Equal("parameter group 1: Invalid learning rate: -2", e.Message);
    }

    [Fact]
    public void NonLeafTensor_IsRejected_NamingItsShapeAndOrigin()
    {
        var x = P(2, 3);
        var y = x.Exp();
        var e = Assert.Throws<ArgumentException>(() => new Sgd([y]));
        Assert.StartsWith("can't optimize a non-leaf Tensor", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains(y.GradFn!.Name, e.Message);
    }

    [Fact]
    public void TensorNotRequiringGrad_SuchAsABuffer_IsRejected_SayingWhy()
    {
        var buffer = new Tensor(TensorData.Zeros(DType.Float32, 3));
        var e = Assert.Throws<ArgumentException>(() => new Adam([P(2), buffer]));
        Assert.Equal("can't optimize a tensor that does not require grad (shape [3]): buffers and frozen tensors are never trained", e.Message);
    }

    [Fact]
    public void ModuleBuffers_CannotBeHandedToAnOptimizer()
    {
        var model = new Tree();
        model.RegisterParameter("weight", P(2));
        model.RegisterBuffer("running_mean", new Tensor(TensorData.Zeros(DType.Float32, 4)));
        var e = Assert.Throws<ArgumentException>(() => new Sgd([.. model.Parameters(), .. model.Buffers()]));
        Assert.Contains("does not require grad (shape [4])", e.Message);
    }

    [Fact]
    public void DuplicateWithinAGroup_IsRejected()
    {
        // PyTorch only warns here (and would step the tensor twice); MiniTorch refuses.
        var p = P(4, 2);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([P(1), p, p]));
        Assert.Equal("parameter group 0 contains the same tensor (shape [4, 2]) more than once", e.Message);
    }

    [Fact]
    public void DuplicateAcrossGroups_IsRejected_WithPyTorchsMessage()
    {
        var p = P(5);
        var e = Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup<AdamOptions>([p]), new ParamGroup<AdamOptions>([P(1), p])]));
        Assert.StartsWith("some parameters appear in more than one parameter group", e.Message);
        Assert.Contains("[5]", e.Message);
    }

    [Fact]
    public void NullTensor_IsRejected()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Sgd([P(1), null!]));
        Assert.Contains("optimizer can only optimize Tensors", e.Message);
    }

    [Fact]
    public void AddParamGroup_WithAnExistingTensor_LeavesTheOptimizerUnchanged()
    {
        var p = P(2);
        var sgd = new Sgd([p]);
        Assert.Throws<ArgumentException>(() => sgd.AddParamGroup(new ParamGroup<SgdOptions>([P(3), p])));
        Assert.Single(sgd.ParamGroups);
        sgd.AddParamGroup(new ParamGroup<SgdOptions>([P(3)], o => o with { Lr = 0.5 }));
        Assert.Equal(2, sgd.ParamGroups.Count);
        Assert.Equal(0.5, sgd.ParamGroups[1].Lr);
    }

    [Fact]
    public void SettingAnInvalidGroupLearningRate_Throws_AndKeepsTheOldOne()
    {
        var sgd = new Sgd([P(2)], new SgdOptions { Lr = 0.1, Momentum = 0.9 });
        Assert.Equal("Invalid learning rate: -1", Assert.Throws<ArgumentException>(() => sgd.ParamGroups[0].Lr = -1).Message);
        Assert.Equal(0.1, sgd.ParamGroups[0].Lr);
        Assert.Throws<ArgumentException>(() => sgd.ParamGroups[0].Options = sgd.ParamGroups[0].Options with { Nesterov = true, Dampening = 1 });
        Assert.False(sgd.ParamGroups[0].Options.Nesterov);
    }

    [Fact]
    public void GradientOfTheWrongShapeOrDtype_FailsTheStep_BeforeAnythingChanges()
    {
        var first = P(3);
        var second = P(2, 2);
        var adam = new Adam([first, second]);
        first.Grad = new Tensor(TensorData.Ones(DType.Float32, 3));
        second.Grad = new Tensor(TensorData.Ones(DType.Float32, 4));
        var e = Assert.Throws<InvalidOperationException>(() => adam.Step());
        Assert.Contains("shape [2, 2] has shape [4]", e.Message);
        second.Grad = new Tensor(TensorData.Ones(DType.Float64, 2, 2));
        e = Assert.Throws<InvalidOperationException>(() => adam.Step());
        Assert.Contains("float32 parameter of shape [2, 2] is float64", e.Message);
        Assert.Equal([1.0, 1.0, 1.0], first.ToDoubleArray());
        Assert.Null(adam.GetState(first));
    }

    [Fact]
    public void InvalidSchedulerSettings_AreRejected_NamingTheValue()
    {
        var sgd = new Sgd([P(1)], new SgdOptions { Lr = 0.1 });
        Assert.Contains("step_size must be at least 1, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(sgd, 0)).Message);
        Assert.Contains("gamma must be a finite non-negative number, got -0.5", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(sgd, 2, -0.5)).Message);
        Assert.Contains("T_max must be at least 1, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(sgd, 0)).Message);
        Assert.Contains("eta_min must be a finite non-negative number, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(sgd, 3, double.NaN)).Message);
        Assert.Null(sgd.ParamGroups[0].InitialLr); // a rejected scheduler leaves no mark on the optimizer
    }

    private sealed class Tree : Module;
}
