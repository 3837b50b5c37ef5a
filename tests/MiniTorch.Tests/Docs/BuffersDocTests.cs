using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Samples.Seeds;
using MiniTorch.Serialization;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Docs;

/// <summary>The claims docs/buffers.md makes about its Normalizer example, checked.</summary>
public class BuffersDocTests
{
    [Fact]
    public void Normalizer_HasOneParameter_TwoBuffers_AndOnlyThePersistentOneInTheStateDict()
    {
        var model = new Normalizer(3);
        Assert.Equal(["scale"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "mask"], model.NamedBuffers().Select(b => b.Name));
        Assert.True(model.IsPersistentBuffer("running_mean"));
        Assert.False(model.IsPersistentBuffer("mask"));
        Assert.Equal(["scale", "running_mean"], model.StateDict().Keys);
    }

    [Fact]
    public void Normalizer_Forward_UpdatesTheRunningMean_InTrainModeOnly_AndStoresItDetached()
    {
        var model = new Normalizer(2);
        var x = new Tensor(TensorData.FromArray(new float[] { 1, 2, 3, 6 }, 2, 2), requiresGrad: true);
        model.Call(x);
        // 0.9·0 + 0.1·column means [2, 4]
        Assert.Equal([0.2, 0.4], model.RunningMean.ToDoubleArray().Select(v => Math.Round(v, 6)));
        Assert.False(model.RunningMean.RequiresGrad);
        Assert.Null(model.RunningMean.GradFn);
        Assert.True(model.IsPersistentBuffer("running_mean"));

        model.Eval();
        model.Call(x);
        Assert.Equal([0.2, 0.4], model.RunningMean.ToDoubleArray().Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void Optimizer_TakesTheParameters_RejectsTheBuffers_AndStepsNeverChangeThem()
    {
        var model = new Normalizer(3);
        var x = new Tensor(TensorData.FromArray(new float[] { 1, -2, 3, 4, 5, -6 }, 2, 3));
        model.Call(x);
        var optimizer = new Sgd(model.Parameters(), new SgdOptions { Lr = 0.1 });
        var error = Assert.Throws<ArgumentException>(() => new Sgd(model.Buffers()));
        Assert.Contains("does not require grad", error.Message);

        model.Eval();
        var buffersBefore = model.Buffers().Select(b => b.ToDoubleArray()).ToList();
        var scaleBefore = model.Scale.ToDoubleArray();
        model.Call(x).Sum().Backward();
        optimizer.Step();
        Assert.Equal(buffersBefore, model.Buffers().Select(b => b.ToDoubleArray()));
        Assert.All(model.Buffers(), b => Assert.Null(b.Grad));
        Assert.NotEqual(scaleBefore, model.Scale.ToDoubleArray());
    }

    [Fact]
    public void To_KeepsTheParameterObject_ReplacesBufferObjects_AndConvertsBothKindsOfBuffer()
    {
        var model = new Normalizer(3);
        var scale = model.Scale;
        var mean = model.RunningMean;
        model.To(DType.Float64);
        Assert.Same(scale, model.Scale);
        Assert.Equal(DType.Float64, model.Scale.DType);
        Assert.NotSame(mean, model.RunningMean);
        Assert.Equal(DType.Float64, model.RunningMean.DType);
        Assert.Equal(DType.Float64, model.Mask.DType);
    }

    [Fact]
    public void SaveAndLoad_RestoreTheParameterAndPersistentBuffer_AndLeaveTheNonPersistentOneAlone()
    {
        var model = new Normalizer(3);
        model.Call(new Tensor(TensorData.FromArray(new float[] { 1, 2, 3 }, 1, 3)));
        var path = Path.Combine(Path.GetTempPath(), $"minitorch-buffers-doc-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.SaveStateDict(model, path);
            Assert.Equal(["running_mean", "scale"], Checkpoint.Load(path).Keys.Order());

            var fresh = new Normalizer(3);
            using (Torch.NoGrad()) fresh.Mask.FillInPlace(0);
            Assert.True(Checkpoint.LoadStateDict(fresh, path).AllMatched);
            Assert.Equal(model.RunningMean.ToDoubleArray(), fresh.RunningMean.ToDoubleArray());
            Assert.Equal([0.0, 0, 0], fresh.Mask.ToDoubleArray());

            var partial = model.StateDict();
            partial.Remove("running_mean");
            var error = Assert.Throws<InvalidOperationException>(() => fresh.LoadStateDict(partial));
            Assert.Contains("Missing key(s) in state_dict: \"running_mean\"", error.Message);
            Assert.Equal(["running_mean"], fresh.LoadStateDict(partial, strict: false).MissingKeys);
        }
        finally { File.Delete(path); }
    }
}
