using MiniTorch.NN;
using MiniTorch.Samples.Seeds;
using MiniTorch.Tensors;
using MiniTorch.Tests.Tensors.RandomNumbers;

namespace MiniTorch.Tests.Seeds;

// Seed003Listings reseeds the process-wide generator (Torch.ManualSeed), so these run alone.
[Collection(nameof(DefaultGeneratorCollection))]
public class SeedTests
{
    // The printout in seed 003 (PyTorch 1.2), from "初始化之后模型修改之前" to the last state_dict line.
    private const string Seed003Printout = """
        --------------------------------------------初始化之后模型修改之前---------------------------------------------
        -----------------------------------------调用named_buffers()------------------------------------------
        register_buffer_in --> torch.Size([4, 6])
        ----------------------------------------调用named_parameters()----------------------------------------
        conv1.0.weight --> torch.Size([64, 1, 3, 3])
        conv1.0.bias --> torch.Size([64])
        --------------------------------------------调用buffers()---------------------------------------------
        torch.Size([4, 6])
        -------------------------------------------调用parameters()-------------------------------------------
        torch.Size([64, 1, 3, 3])
        torch.Size([64])
        -------------------------------------------调用state_dict()-------------------------------------------
        register_buffer_in --> torch.Size([4, 6])
        conv1.0.weight --> torch.Size([64, 1, 3, 3])
        conv1.0.bias --> torch.Size([64])
        --------------------------------------------模型初始化以及修改之后---------------------------------------------
        -----------------------------------------调用named_buffers()------------------------------------------
        register_buffer_in --> torch.Size([4, 6])
        register_buffer_out --> torch.Size([15, 15])
        ----------------------------------------调用named_parameters()----------------------------------------
        conv1.0.weight --> torch.Size([64, 1, 3, 3])
        conv1.0.bias --> torch.Size([64])
        --------------------------------------------调用buffers()---------------------------------------------
        torch.Size([4, 6])
        torch.Size([15, 15])
        -------------------------------------------调用parameters()-------------------------------------------
        torch.Size([64, 1, 3, 3])
        torch.Size([64])
        -------------------------------------------调用state_dict()-------------------------------------------
        register_buffer_in --> torch.Size([4, 6])
        register_buffer_out --> torch.Size([15, 15])
        conv1.0.weight --> torch.Size([64, 1, 3, 3])
        conv1.0.bias --> torch.Size([64])
        """;

    [Fact]
    public void Seed003_Listings_MatchTheSeedsPrintout_BeforeAndAfterOutsideRegistration()
    {
        var output = new StringWriter();
        SeedExamples.Seed003Listings(output);
        Assert.Equal(Seed003Printout.ReplaceLineEndings("\n").Trim(), output.ToString().ReplaceLineEndings("\n").Trim());
    }

    [Fact]
    public void Seed003_PlainAttributes_AreNotRegistered()
    {
        var model = new Model();
        model["attribute_buffer_out"] = Torch.Randn(10, 10);
        Assert.DoesNotContain(model.Buffers(), b => ReferenceEquals(b, model.AttributeBufferIn));
        Assert.DoesNotContain("attribute_buffer_out", model.StateDict().Keys);
        Assert.DoesNotContain("attribute_buffer_in", model.StateDict().Keys);
    }

    [Fact]
    public void Seed003_SaveAndLoadRoundTrip_RestoresEveryTensor()
    {
        var output = new StringWriter();
        SeedExamples.Seed003SaveAndLoad(output);
        var text = output.ToString();
        Assert.Contains("load_state_dict: <All keys matched successfully>", text);
        Assert.DoesNotContain("equal to saved: False", text);
        Assert.Contains("state_dict keys: param, my_buffer", text);
    }

    [Fact]
    public void Seed000_RunningMean_IsUpdatedInForward_AndStaysAPersistentBufferWithoutGrad()
    {
        var model = new RunningStats();
        var x = new Tensor(TensorData.Randn([10, 3, 4, 4], generator: new Generator(7)), requiresGrad: true);
        var mean = x.Data.ToDoubleArray().Average();
        var variance = x.Data.ToDoubleArray().Select(v => (v - mean) * (v - mean)).Sum() / (x.Numel - 1);
        model.Call(x);
        Assert.Equal(0.1 * mean, model.RunningMean.Item(), 6);
        Assert.Equal(0.9 + 0.1 * variance, model.RunningVar.Item(), 5);
        Assert.False(model.RunningMean.RequiresGrad);
        Assert.True(model.IsPersistentBuffer("running_mean"));
        Assert.Equal(["running_mean", "running_var"], model.StateDict().Keys);
        Assert.Empty(model.Parameters());
    }

    [Fact]
    public void Seed001_PositionalTable_IsInTheStateDict_FollowsTo_AndIsNeverTrained()
    {
        var pe = new PositionalEncoding(dModel: 6, maxLen: 5);
        // pe[p, 2i] = sin(p / 10000^(2i/d)), pe[p, 2i+1] = cos(p / 10000^(2i/d))
        var table = pe.Pe.Data.ToDoubleArray();
        for (int p = 0; p < 5; p++)
            for (int i = 0; i < 3; i++)
            {
                double angle = p / Math.Pow(10000, 2.0 * i / 6);
                Assert.Equal(Math.Sin(angle), table[p * 6 + 2 * i], 5);
                Assert.Equal(Math.Cos(angle), table[p * 6 + 2 * i + 1], 5);
            }
        Assert.Equal(["pe"], pe.StateDict().Keys);
        Assert.Empty(pe.Parameters());

        var x = new Tensor(TensorData.Ones(DType.Float32, 2, 3, 6), requiresGrad: true);
        pe.Call(x).Sum().Backward();
        Assert.Null(pe.Pe.Grad);
        Assert.NotNull(x.Grad);

        pe.To(DType.Float64);
        Assert.Equal(DType.Float64, pe.Pe.DType);
        Assert.Equal(DType.Float64, pe.StateDict()["pe"].DType);
    }
}
