using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.NN;

/// <summary>The promise buffers make: optimizers never touch them, and only documented layers change them.</summary>
public class BufferSafetyProperties
{
    [Property(MaxTest = 200)]
    public Property AnyOptimizer_AnyNumberOfSteps_LeavesEveryBufferBitIdenticalAndWithoutGrad() =>
        Prop.ForAll(ModuleTrees.Arbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (model, seed) =>
        {
            var rng = new System.Random(seed);
            var before = model.NamedBuffers().Select(b => (b.Name, Bits: Bits(b.Buffer.Data))).ToList();
            var parameters = model.Parameters().ToList();
            if (parameters.Count == 0) return true.Label("no parameters to optimize");
            Optimizer optimizer = rng.Next(3) switch
            {
                0 => new Sgd(parameters, new SgdOptions { Lr = rng.NextDouble(), Momentum = rng.NextDouble(), WeightDecay = rng.NextDouble() * 0.1, Maximize = rng.Next(2) == 0 }),
                1 => new Adam(parameters, new AdamOptions { Lr = rng.NextDouble(), WeightDecay = rng.NextDouble() * 0.1, Amsgrad = rng.Next(2) == 0 }),
                _ => new AdamW(parameters, new AdamWOptions { Lr = rng.NextDouble(), WeightDecay = rng.NextDouble() * 0.1 }),
            };
            int steps = rng.Next(1, 5);
            for (int s = 0; s < steps; s++)
            {
                foreach (var p in parameters)
                    p.Grad = rng.Next(4) == 0 ? null : new Tensor(RandomLike(p.Data, rng));
                optimizer.Step();
            }
            var after = model.NamedBuffers().ToList();
            return (after.Count == before.Count
                && after.Zip(before).All(x => x.First.Name == x.Second.Name && Bits(x.First.Buffer.Data).SequenceEqual(x.Second.Bits))
                && after.All(b => b.Buffer.Grad is null && !b.Buffer.RequiresGrad)).Label($"{steps} steps of {optimizer.GetType().Name}");
        });

    [Property(MaxTest = 200)]
    public Property ForwardAndBackward_InEvalNeverChangeABuffer_AndInTrainOnlyBatchNormStatisticsChange() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new System.Random(seed);
            int features = rng.Next(1, 6);
            var (model, documented) = RandomNetwork(rng, features);
            var x = new Tensor(TensorData.Randn([rng.Next(2, 6), features], generator: new Generator((ulong)seed)), requiresGrad: true);
            bool train = rng.Next(2) == 0;
            model.Train(train);
            var before = model.NamedBuffers().ToDictionary(b => b.Name, b => Bits(b.Buffer.Data));
            model.Forward(x).Sum().Backward();
            var changed = model.NamedBuffers().Where(b => !Bits(b.Buffer.Data).SequenceEqual(before[b.Name])).Select(b => b.Name).ToList();
            bool noGrads = model.Buffers().All(b => b.Grad is null);
            return (noGrads && (train ? changed.All(documented.Contains) : changed.Count == 0))
                .Label($"train={train}, changed: {string.Join(", ", changed)}");
        });

    /// <summary>A random stack of layers over [N, features]; returns it with the buffer names its layers document as changing in train mode.</summary>
    private static (Sequential Model, HashSet<string> Documented) RandomNetwork(System.Random rng, int features)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        var documented = new HashSet<string>();
        int count = rng.Next(1, 6);
        for (int i = 0; i < count; i++)
        {
            switch (rng.Next(6))
            {
                case 0: layers.Add(new Linear(features, features)); break;
                case 1:
                    layers.Add(new BatchNorm1d(features, momentum: rng.Next(2) == 0 ? null : 0.1, trackRunningStats: rng.Next(4) != 0));
                    foreach (var b in new[] { "running_mean", "running_var", "num_batches_tracked" }) documented.Add($"{i}.{b}");
                    break;
                case 2: layers.Add(new ReLU()); break;
                case 3: layers.Add(new Dropout(0.3, new Generator((ulong)rng.Next()))); break;
                case 4: layers.Add(new LayerNorm(features)); break;
                default: layers.Add(new Tanh()); break;
            }
        }
        var model = new Sequential(layers.ToArray());
        // A persistent and a non-persistent buffer no layer touches.
        model.RegisterBuffer("constant", new Tensor(TensorData.Randn([features], generator: new Generator(3))));
        model.RegisterBuffer("scratch", new Tensor(TensorData.Ones(DType.Int64, 2)), persistent: false);
        return (model, documented);
    }

    private static TensorData RandomLike(TensorData like, System.Random rng)
    {
        var values = Enumerable.Range(0, like.Numel).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        return TensorData.FromArray(values, like.ShapeArray()).To(like.DType);
    }

    private static long[] Bits(TensorData t) => t.DType switch
    {
        DType.Float32 => t.ToArray<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
        DType.Float64 => t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray(),
        _ => t.ToArray<long>(),
    };
}
