using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Serialization;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Serialization.CheckpointGenerators;

namespace MiniTorch.Tests.Serialization;

public sealed class TrainingFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("minitorch-train-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    /// <summary>Optimizer-like extra tensors: moments per parameter id and a float32 step count, as Adam keeps them.</summary>
    private static Gen<OrderedDictionary<string, Tensor>> ExtraTensors() =>
        Gen.Choose(0, 3).SelectMany(count =>
            Gen.CollectToArray(Enumerable.Range(0, count), id =>
                Gen.Zip(Tensor(DType.Float32), Tensor(DType.Float32)).Select(m => (id, m.Item1, m.Item2))))
        .Select(states =>
        {
            var extra = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (id, avg, avgSq) in states)
            {
                extra[$"optim.state.{id}.exp_avg"] = new Tensor(avg);
                extra[$"optim.state.{id}.exp_avg_sq"] = new Tensor(avgSq);
                extra[$"optim.state.{id}.step"] = new Tensor(TensorData.Scalar(id + 1));
            }
            return extra;
        });

    private static Dictionary<string, string> Settings(int epoch, long step) => new()
    {
        ["optim.param_groups"] = "[{\"lr\":0.001,\"betas\":[0.9,0.999],\"eps\":1e-08,\"weight_decay\":0,\"params\":[0,1]}]",
        ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["generator"] = "{\"seed\":42,\"state\":[1,2,3,18446744073709551615]}",
    };

    [Property(MaxTest = 40)]
    public Property ModelExtraTensorsAndMetadata_RoundTripBitForBit() =>
        Prop.ForAll(Module(depth: 1).ToArbitrary(), ExtraTensors().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (spec, extra, epoch) =>
        {
            var path = PathOf($"train-{Guid.NewGuid():N}.safetensors");
            var model = spec.Build().StateDict();
            var settings = Settings(epoch, epoch * 1000L + 7);
            Checkpoint.SaveTrainingFile(path, model, extra, settings);

            var back = Checkpoint.LoadTrainingFile(path);
            Assert.Equal(model.Keys.Order(StringComparer.Ordinal), back.Model.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, tensor) in model)
            {
                Assert.Equal(tensor.DType, back.Model[key].DType);
                Assert.Equal(tensor.Shape.ToArray(), back.Model[key].Shape.ToArray());
                Assert.Equal(RawBytes(tensor.Data), RawBytes(back.Model[key].Data));
            }
            Assert.Equal(extra.Keys.Order(StringComparer.Ordinal), back.ExtraTensors.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, tensor) in extra) Assert.Equal(RawBytes(tensor.Data), RawBytes(back.ExtraTensors[key].Data));
            Assert.Equal(settings.OrderBy(kv => kv.Key), back.ExtraMetadata.OrderBy(kv => kv.Key));
            File.Delete(path);
        });

    [Fact]
    public void TheFileLayout_PrefixesModelKeys_AndMarksTheCheckpoint()
    {
        var model = new StateDict { ["fc.weight"] = new Tensor(TensorData.Ones(DType.Float32, 2)) };
        var extra = new Dictionary<string, Tensor> { ["optim.state.0.exp_avg"] = new Tensor(TensorData.Zeros(DType.Float32, 2)) };
        var path = PathOf("layout.safetensors");
        Checkpoint.SaveTrainingFile(path, model, extra, new Dictionary<string, string> { ["epoch"] = "2" });

        var header = SafeTensors.ReadHeader(path);
        Assert.Equal(["model.fc.weight", "optim.state.0.exp_avg"], header.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "2", ["format"] = "pt", ["minitorch.training_checkpoint"] = "1" }, header.Metadata);
    }

    [Fact]
    public void ReservedNames_AreRefused()
    {
        var model = new StateDict();
        var path = PathOf("reserved.safetensors");
        Assert.Throws<ArgumentException>(() => Checkpoint.SaveTrainingFile(path, model, new Dictionary<string, Tensor> { ["model.x"] = new Tensor(TensorData.Zeros(DType.Float32, 1)) }, new Dictionary<string, string>()));
        Assert.Throws<ArgumentException>(() => Checkpoint.SaveTrainingFile(path, model, new Dictionary<string, Tensor>(), new Dictionary<string, string> { ["format"] = "np" }));
        Assert.Throws<ArgumentException>(() => Checkpoint.SaveTrainingFile(path, model, new Dictionary<string, Tensor>(), new Dictionary<string, string> { [Checkpoint.TrainingFile.MarkerKey] = "2" }));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void APlainStateDictFile_IsNotATrainingCheckpoint()
    {
        var path = PathOf("plain.safetensors");
        Checkpoint.SaveStateDict(new StateDict { ["w"] = new Tensor(TensorData.Ones(DType.Float32, 1)) }, path);
        var e = Assert.Throws<SafeTensorsFormatException>(() => Checkpoint.LoadTrainingFile(path));
        Assert.Equal(SafeTensorsCheck.NotATrainingCheckpoint, e.Check);
    }
}
