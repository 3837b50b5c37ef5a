using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.StorageScopes;

/// <summary>
/// State that outlives a step is never scoped, whichever scope is active when it is created or
/// replaced: gradients, optimizer state, parameters, buffers, module attributes.
/// </summary>
public class LongLivedStateTests
{
    private static void AssertUnscopedAndAlive(Tensor t, string what)
    {
        Assert.False(t.Data.Storage.IsReleased, $"{what} was released");
        Assert.False(t.IsScoped, $"{what} is scoped");
        Assert.All(t.ToDoubleArray(), v => Assert.True(double.IsFinite(v), $"{what} holds {v}"));
    }

    private static IEnumerable<(string Name, Tensor Tensor)> LongLived(Module model, Optimizer optimizer)
    {
        foreach (var (name, p) in model.NamedParameters())
        {
            yield return (name, p);
            if (p.Grad is { } g) yield return (name + ".grad", g);
            foreach (var (key, state) in optimizer.GetState(p) ?? new Dictionary<string, Tensor>())
                yield return ($"{name} state {key}", state);
        }
        foreach (var (name, b) in model.NamedBuffers()) yield return (name, b);
    }

    [Theory]
    [InlineData("adam", true)]
    [InlineData("sgd-momentum", false)]
    public void TrainingStepsInScopes_LeaveEveryLongLivedTensorUnscoped_AndUsableInTheNextStep(string optimizerKind, bool zeroGradToNone)
    {
        var setup = new TrainingSetup("cnn", optimizerKind, zeroGradToNone, Batch: 3, Width: 2, Steps: 3, Seed: 11);
        var model = setup.NewModel();
        var optimizer = setup.NewOptimizer(model);
        var data = setup.NewData();
        Tensor? lastLoss = null, lastOutput = null;
        for (int step = 0; step < setup.Steps; step++)
        {
            using var scope = StorageScope.Begin();
            var (input, target) = setup.NextBatch(data);
            lastOutput = model.Call(input);
            lastLoss = F.CrossEntropy(lastOutput, target);
            optimizer.ZeroGrad(setToNone: zeroGradToNone);
            lastLoss.Backward();
            optimizer.Step();
            Assert.True(scope.Count > 10, $"the step allocated only {scope.Count} scoped storages");
        }
        Assert.True(lastLoss!.Data.Storage.IsReleased);
        Assert.True(lastOutput!.Data.Storage.IsReleased);
        var longLived = LongLived(model, optimizer).ToList();
        Assert.Contains(longLived, t => t.Name.EndsWith(".grad"));
        Assert.Contains(longLived, t => t.Name.Contains("state"));
        Assert.Contains(longLived, t => t.Name.EndsWith("num_batches_tracked"));
        foreach (var (name, tensor) in longLived) AssertUnscopedAndAlive(tensor, name);
        Assert.Equal(setup.Steps, model.NamedBuffers().First(b => b.Name.EndsWith("num_batches_tracked")).Buffer.Item());

        // One more step without a scope runs on the same state.
        var (x, y) = setup.NextBatch(data);
        var loss = F.CrossEntropy(model.Call(x), y);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        Assert.True(double.IsFinite(loss.Item()));
    }

    [Fact]
    public void GradientsAccumulatedOverScopedBackwards_AddIntoOneUnscopedTensor()
    {
        var w = new Parameter(new Tensor(TensorData.Full([3], 2.0)));
        for (int i = 0; i < 3; i++)
            using (StorageScope.Begin())
                w.Mul(w).Sum().Backward(); // d/dw sum(w²) = 2w = 4
        AssertUnscopedAndAlive(w.Grad!, "grad");
        Assert.Equal([12.0, 12.0, 12.0], w.Grad!.ToDoubleArray());
    }

    [Fact]
    public void AssigningAScopedTensorAsGrad_TakesItOutOfTheScope()
    {
        var w = new Parameter(new Tensor(TensorData.Full([2], 1.0)));
        using (StorageScope.Begin()) w.Grad = new Tensor(TensorData.Full([2], 0.5));
        AssertUnscopedAndAlive(w.Grad!, "grad");
        new Sgd([w], new SgdOptions { Lr = 1 }).Step();
        Assert.Equal([0.5, 0.5], w.ToDoubleArray());
    }

    [Fact]
    public void ModulesBuiltInsideAScope_KeepTheirParametersAndBuffers()
    {
        Sequential model;
        using (StorageScope.Begin())
            model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new LayerNorm([4]), new Conv2d(1, 1, 1));
        foreach (var (name, p) in model.NamedParameters()) AssertUnscopedAndAlive(p, name);
        foreach (var (name, b) in model.NamedBuffers()) AssertUnscopedAndAlive(b, name);
    }

    [Fact]
    public void TensorsAModuleStores_AreTakenOutOfTheScope()
    {
        var bn = new BatchNorm1d(3);
        var holder = new Sequential();
        Tensor parameterSource;
        using (StorageScope.Begin())
        {
            bn.RunningMean = new Tensor(TensorData.Full([3], 0.25)); // replacing a buffer, as `self.running_mean = ...`
            holder["weight_like"] = new Parameter(new Tensor(TensorData.Full([2], 1.5)));
            holder["stats"] = new TensorBuffer(new Tensor(TensorData.Full([2], 2.5)), persistent: false);
            holder["cache"] = new Tensor(TensorData.Full([2], 3.5)); // a plain attribute
            parameterSource = new Tensor(TensorData.Full([2], 4.5));
            holder.RegisterParameter("shared", new Parameter(parameterSource));
        }
        AssertUnscopedAndAlive(bn.RunningMean!, "running_mean");
        Assert.Equal([0.25, 0.25, 0.25], bn.RunningMean!.ToDoubleArray());
        foreach (var name in new[] { "weight_like", "stats", "cache", "shared" })
            AssertUnscopedAndAlive((Tensor)holder[name]!, name);
        AssertUnscopedAndAlive(parameterSource, "tensor a parameter shares storage with");
    }

    [Fact]
    public void ModuleTo_InsideAScope_ConvertsIntoUnscopedStorage()
    {
        var model = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
        var expected = model.NamedParameters().Select(p => p.Parameter.ToDoubleArray()).ToList();
        using (StorageScope.Begin()) model.To(DType.Float64);
        foreach (var (name, p) in model.NamedParameters()) AssertUnscopedAndAlive(p, name);
        foreach (var (name, b) in model.NamedBuffers()) AssertUnscopedAndAlive(b, name);
        Assert.Equal(expected, model.NamedParameters().Select(p => p.Parameter.ToDoubleArray()).ToList());
    }

    [Fact]
    public void SetData_InsideAScope_TakesTheNewDataOutOfTheScope()
    {
        var p = new Parameter(new Tensor(TensorData.Full([2], 1.0)));
        using (StorageScope.Begin()) p.SetData(TensorData.Full([2], 8.0));
        AssertUnscopedAndAlive(p, "parameter");
        Assert.Equal([8.0, 8.0], p.ToDoubleArray());
    }

    [Fact]
    public void OptimizerStateLoadedInsideAScope_IsTheOptimizersOwnUnscopedCopy()
    {
        var source = new Parameter(new Tensor(TensorData.Full([2], 1.0)));
        var sourceOptimizer = new Adam([source]);
        source.Grad = new Tensor(TensorData.Full([2], 0.5));
        sourceOptimizer.Step();

        var target = new Parameter(new Tensor(TensorData.Full([2], 1.0)));
        var targetOptimizer = new Adam([target]);
        using (StorageScope.Begin()) targetOptimizer.LoadStateDict(sourceOptimizer.StateDict());
        foreach (var (key, state) in targetOptimizer.GetState(target)!)
        {
            AssertUnscopedAndAlive(state, key);
            Assert.Equal(sourceOptimizer.GetState(source)![key].ToDoubleArray(), state.ToDoubleArray());
        }
    }

    [Fact]
    public void ModuleLoadStateDict_InsideAScope_CopiesIntoTheExistingUnscopedTensors()
    {
        var model = new Sequential(new Linear(2, 2), new BatchNorm1d(2));
        var parameters = model.Parameters().ToList();
        using (StorageScope.Begin())
        {
            var state = new Sequential(new Linear(2, 2), new BatchNorm1d(2)).StateDict();
            foreach (var (_, t) in state) t.Data.FillInPlace(0.75);
            model.LoadStateDict(state);
        }
        Assert.Equal(parameters, model.Parameters().ToList());
        foreach (var (name, p) in model.NamedParameters())
        {
            AssertUnscopedAndAlive(p, name);
            Assert.All(p.ToDoubleArray(), v => Assert.Equal(0.75, v));
        }
    }
}
