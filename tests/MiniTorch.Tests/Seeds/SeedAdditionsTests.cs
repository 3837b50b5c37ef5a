using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Samples.Seeds;
using MiniTorch.Tensors;
using MiniTorch.Tests.Tensors.RandomNumbers;

namespace MiniTorch.Tests.Seeds;

// Seed003Printouts reseeds the process-wide generator (Torch.ManualSeed), so these run alone.
/// <summary>Seed 002, the line-by-line port of seed 001's class, and seed 003's whole-tensor prints.</summary>
[Collection(nameof(DefaultGeneratorCollection))]
public class SeedAdditionsTests
{
    [Fact]
    public void Seed002_RunningMean_IsAZeroBufferOfNumFeatures_InTheStateDict_AndNotAParameter()
    {
        var model = new FeatureStats(numFeatures: 5);
        Assert.Equal([0.0, 0, 0, 0, 0], model.RunningMean.ToDoubleArray());
        Assert.Same(model.RunningMean, model["running_mean"]);
        Assert.Equal(["running_mean"], model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["running_mean"], model.StateDict().Keys);
        Assert.Empty(model.Parameters());
        Assert.False(model.RunningMean.RequiresGrad);
        // An optimizer cannot be handed a buffer: it is never trained.
        Assert.Throws<ArgumentException>(() => new Sgd([model.RunningMean]));
    }

    [Fact]
    public void Seed002_Buffer_FollowsTo_AndLivesFromRegistrationUntilDeleted()
    {
        var model = new FeatureStats(numFeatures: 3);
        model.To(DType.Float64);
        Assert.Equal(DType.Float64, model.RunningMean.DType);

        model.RegisterBuffer("running_mean", null);      // register_buffer(name, None): the name stays, the state goes
        Assert.True(model.Has("running_mean"));
        Assert.Empty(model.StateDict());
        Assert.Empty(model.Buffers());

        model.Delete("running_mean");                    // del model.running_mean
        Assert.False(model.Has("running_mean"));
        Assert.Throws<KeyNotFoundException>(() => model["running_mean"]);
    }

    [Fact]
    public void Seed002_Example_PrintsTheBufferAndItsLifetime()
    {
        var output = new StringWriter();
        SeedExamples.Seed002RegisterBuffer(output);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("self.running_mean: tensor([0., 0., 0., 0.])", lines);
        Assert.Contains("state_dict keys: running_mean", lines);
        Assert.Contains("BatchNorm1d(4) buffers: running_mean, running_var, num_batches_tracked", lines);
        Assert.Contains("after register_buffer('running_mean', None): has it: True, state_dict keys: []", lines);
        Assert.Contains("after del model.running_mean: has it: False", lines);
    }

    [Fact]
    public void Seed001_PortedClass_BuildsTheSinusoidalTable_AndAddsItsFirstRows()
    {
        const int dModel = 8, maxLen = 6;
        var pe = new SeedPositionalEncoding(dModel, maxLen);
        Assert.Equal([1, maxLen, dModel], pe.Pe.Shape.ToArray());
        var table = pe.Pe.ToDoubleArray();
        for (int p = 0; p < maxLen; p++)
            for (int i = 0; i < dModel / 2; i++)
            {
                // pe[p, 2i] = sin(p·e^(2i·-ln(10000)/d)), pe[p, 2i+1] = cos(...), in double here
                double angle = p * Math.Exp(2 * i * -(Math.Log(10000.0) / dModel));
                Assert.Equal(Math.Sin(angle), table[p * dModel + 2 * i], 5);
                Assert.Equal(Math.Cos(angle), table[p * dModel + 2 * i + 1], 5);
            }
        Assert.Equal(["pe"], pe.StateDict().Keys);
        Assert.Empty(pe.Parameters());

        var x = new Tensor(TensorData.Ones(DType.Float32, 2, 3, dModel));
        var y = pe.Call(x).ToDoubleArray();
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 3 * dModel; k++)
                Assert.Equal(1 + table[k], y[b * 3 * dModel + k], 6);
    }

    [Fact]
    public void OrderedDict_PrintsLikePythonsReprOfAStateDict()
    {
        var stateDict = new StateDict
        {
            ["lin.weight"] = Torch.Tensor(new float[] { 1, 2, 3, 4 }, 2, 2),
            ["lin.bias"] = Torch.Tensor(new float[] { 0.5f, -1 }, 2),
        };
        Assert.Equal(
            "OrderedDict([('lin.weight', tensor([[1., 2.],\n        [3., 4.]])), ('lin.bias', tensor([ 0.5000, -1.0000]))])",
            SeedExamples.OrderedDict(stateDict).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Seed003_Printouts_ShowTheParameterWithRequiresGrad_AndTheBufferWithout()
    {
        var output = new StringWriter();
        SeedExamples.Seed003Printouts(output);
        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.StartsWith("OrderedDict([('lin.weight', tensor([[", text);
        Assert.Contains("('lin.bias', tensor([", text);
        var sections = text.Split("----------------\n");
        Assert.Equal(3, sections.Length);
        Assert.StartsWith("Parameter containing:\ntensor([[", sections[0][sections[0].IndexOf("Parameter", StringComparison.Ordinal)..]);
        Assert.EndsWith("], requires_grad=True)\n", sections[0]);
        Assert.StartsWith("tensor([[", sections[1]);
        Assert.DoesNotContain("requires_grad", sections[1]);
        Assert.StartsWith("OrderedDict([('param', tensor([[", sections[2]);
        Assert.Contains("('my_buffer', tensor([[", sections[2]);
    }
}
