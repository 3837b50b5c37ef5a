using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Serialization;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Serialization;

public class ResumeTrainingProperties
{
    /// <summary>A small net with every kind of state: parameters, BatchNorm buffers, and dropout drawing from a generator.</summary>
    private sealed class Net : Module<Tensor, Tensor>
    {
        private readonly Sequential _layers;
        public Net(Generator generator) =>
            _layers = RegisterModule("layers", new Sequential(
                new Linear(4, 8, generator: generator), new BatchNorm1d(8), new ReLU(), new Dropout(0.25, generator), new Linear(8, 3, generator: generator)));
        public override Tensor Forward(Tensor x) => _layers.Forward(x);
    }

    private static Optimizer MakeOptimizer(int kind, Module model) => kind switch
    {
        0 => new Sgd(model.Parameters(), new SgdOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true }),
        1 => new Adam(model.Parameters(), new AdamOptions { Lr = 0.01, Amsgrad = true }),
        _ => new AdamW(model.Parameters(), new AdamWOptions { Lr = 0.01 }),
    };

    /// <summary>One step on batch <paramref name="index"/>: data depends only on the index, so both runs see the same batches.</summary>
    private static void Step(Module<Tensor, Tensor> model, Optimizer optimizer, int index)
    {
        var data = new Generator((ulong)(1000 + index));
        var x = new Tensor(TensorData.Randn([6, 4], generator: data));
        var y = new Tensor(TensorData.RandInt(0, 3, [6], generator: data));
        optimizer.ZeroGrad();
        F.CrossEntropy(model.Forward(x), y).Backward();
        optimizer.Step();
    }

    [Property(MaxTest = 25)]
    public Property TrainCheckpointResume_IsBitIdenticalToTrainingStraightThrough() =>
        Prop.ForAll(
            (from n in Gen.Choose(0, 4) from m in Gen.Choose(1, 4) select (N: n, M: m)).ToArbitrary(),
            Gen.Choose(0, 2).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(),
            (steps, kind, seed) =>
            {
                var (n, m) = steps;
                var straightGen = new Generator((ulong)seed);
                var straight = new Net(straightGen);
                var straightOpt = MakeOptimizer(kind, straight);
                for (int i = 0; i < n + m; i++) Step(straight, straightOpt, i);

                var path = Path.Combine(Path.GetTempPath(), $"minitorch-resume-{Guid.NewGuid():N}.safetensors");
                try
                {
                    var firstGen = new Generator((ulong)seed);
                    var first = new Net(firstGen);
                    var firstOpt = MakeOptimizer(kind, first);
                    for (int i = 0; i < n; i++) Step(first, firstOpt, i);
                    Checkpoint.SaveTraining(path, first, firstOpt, firstGen, epoch: 0, step: n);

                    // A fresh process's view: new objects, a generator at some other position.
                    var resumedGen = new Generator(12345);
                    var resumed = new Net(resumedGen);
                    var resumedOpt = MakeOptimizer(kind, resumed);
                    var (_, step) = Checkpoint.LoadTraining(path, resumed, resumedOpt, resumedGen);
                    for (int i = (int)step; i < n + m; i++) Step(resumed, resumedOpt, i);

                    var a = straight.StateDict();
                    var b = resumed.StateDict();
                    return a.Keys.SequenceEqual(b.Keys) && a.All(kv => kv.Value.Data.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits)
                        .SequenceEqual(b[kv.Key].Data.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits)));
                }
                finally { File.Delete(path); }
            });

    [Fact]
    public void LoadingATrainingCheckpointIntoAMismatchedModel_ChangesNeitherModelNorOptimizerNorGenerator()
    {
        var path = Path.Combine(Path.GetTempPath(), $"minitorch-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            var gen = new Generator(1);
            var net = new Net(gen);
            var opt = MakeOptimizer(1, net);
            Step(net, opt, 0);
            Checkpoint.SaveTraining(path, net, opt, gen, 0, 1);

            var otherGen = new Generator(2);
            var other = new Sequential(new Linear(4, 5, generator: otherGen));
            var otherOpt = new Adam(other.Parameters());
            Step(other, otherOpt, 0);
            var before = other.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Data.ToDoubleArray());
            var optBefore = otherOpt.GetState(other.Parameters().First())!["exp_avg"].Data.ToDoubleArray();
            var genBefore = otherGen.GetStateBytes();
            Assert.ThrowsAny<Exception>(() => Checkpoint.LoadTraining(path, other, otherOpt, otherGen));
            Assert.All(other.StateDict(), kv => Assert.Equal(before[kv.Key], kv.Value.Data.ToDoubleArray()));
            Assert.Equal(optBefore, otherOpt.GetState(other.Parameters().First())!["exp_avg"].Data.ToDoubleArray());
            Assert.Equal(genBefore, otherGen.GetStateBytes());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AFileInTheDocumentedLayout_ResumesModelOptimizerGeneratorAndCounters()
    {
        // Written tensor by tensor with the raw format, as files from earlier versions were laid out,
        // so reading keeps working whatever the writer becomes.
        var path = Path.Combine(Path.GetTempPath(), $"minitorch-layout-{Guid.NewGuid():N}.safetensors");
        try
        {
            var generatorState = new Generator(77).GetStateBytes();
            SafeTensors.Save(path,
            [
                KeyValuePair.Create("model.weight", Torch.Tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3)),
                KeyValuePair.Create("model.bias", Torch.Tensor(new float[] { -1, 1 }, 2)),
                KeyValuePair.Create("optim.state.0.momentum_buffer", Torch.Full([2, 3], 0.5)),
            ],
            new Dictionary<string, string>
            {
                ["format"] = "pt",
                ["minitorch.training_checkpoint"] = "1",
                ["optim.param_groups"] = "[{\"hyperparameters\":{\"lr\":0.25,\"momentum\":0.9,\"dampening\":0,\"weight_decay\":0,\"nesterov\":false,\"maximize\":false},\"params\":[0,1]}]",
                ["generator"] = Convert.ToBase64String(generatorState),
                ["epoch"] = "3",
                ["step"] = "7",
            });

            var model = new Linear(3, 2);
            var optimizer = new Sgd(model.Parameters(), new SgdOptions { Lr = 0.1, Momentum = 0.9 });
            var generator = new Generator(1);
            var (epoch, step) = Checkpoint.LoadTraining(path, model, optimizer, generator);

            Assert.Equal((3L, 7L), (epoch, step));
            Assert.Equal([1.0, 2, 3, 4, 5, 6], model.Weight.ToDoubleArray());
            Assert.Equal([-1.0, 1], model.Bias!.ToDoubleArray());
            Assert.Equal(0.25, optimizer.ParamGroups[0].Lr);
            Assert.Equal(Enumerable.Repeat(0.5, 6), optimizer.GetState(model.Weight)!["momentum_buffer"].ToDoubleArray());
            Assert.Null(optimizer.GetState(model.Bias));
            Assert.Equal(generatorState, generator.GetStateBytes());
        }
        finally { File.Delete(path); }
    }
}
