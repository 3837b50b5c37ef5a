using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.StorageScopes;

/// <summary>
/// Turns on the uninitialized-memory poison for the whole test assembly: every
/// <c>TensorData.Uninitialized</c> result starts as NaN (int64: a bit pattern), so any kernel that
/// reads an element before writing it fails the tests that cover it, scoped or not.
/// </summary>
internal static class PoisonForAllTests
{
    [ModuleInitializer]
    internal static void TurnOn() => StorageAllocator.PoisonUninitialized = true;
}

/// <summary>
/// Tests that count pool hits or change the pool's bound run alone: the pool is process-wide, and
/// scopes in tests running beside them would take (or add) free arrays of the same lengths.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StoragePoolCollection
{
    public const string Name = "StoragePool (not parallel)";
}

/// <summary>The models, optimizers and data of the scoped-training tests.</summary>
public sealed record TrainingSetup(string Model, string Optimizer, bool ZeroGradToNone, int Batch, int Width, int Steps, ulong Seed)
{
    private const int Classes = 5;

    public override string ToString() =>
        $"{Model} width {Width}, {Optimizer}, ZeroGrad(setToNone: {ZeroGradToNone}), batch {Batch}, {Steps} steps, seed {Seed}";

    /// <summary>A fresh model, the same for the same setup (its initialization draws from a seeded generator).</summary>
    public Module<Tensor, Tensor> NewModel()
    {
        var g = new Generator(Seed);
        return Model == "mlp"
            ? new Sequential(new Linear(6, Width, generator: g), new BatchNorm1d(Width), new ReLU(), new Linear(Width, Classes, generator: g))
            : Cnn(Width, 2 * Width, Classes, 8, g);
    }

    /// <summary>
    /// conv in->c1 3x3 pad 1, BN, ReLU, maxpool 2; conv c1->c2 3x3 pad 1, BN, ReLU, maxpool 2;
    /// flatten; linear to <paramref name="classes"/>, over square images of side <paramref name="side"/>.
    /// </summary>
    public static Sequential Cnn(int c1, int c2, int classes, int side, Generator? g = null) => new(
        new Conv2d(1, c1, 3, padding: 1, generator: g), new BatchNorm2d(c1), new ReLU(), new MaxPool2d(2),
        new Conv2d(c1, c2, 3, padding: 1, generator: g), new BatchNorm2d(c2), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(c2 * (side / 4) * (side / 4), classes, generator: g));

    public Optimizer NewOptimizer(Module model) => Optimizer switch
    {
        "adam" => new Adam(model.Parameters(), new AdamOptions { Lr = 0.01, WeightDecay = 0.01 }),
        "adamw-amsgrad" => new AdamW(model.Parameters(), new AdamWOptions { Lr = 0.01, Amsgrad = true }),
        _ => new Sgd(model.Parameters(), new SgdOptions { Lr = 0.05, Momentum = 0.9, Nesterov = Optimizer == "sgd-nesterov" }),
    };

    /// <summary>A data generator: the same stream of batches for the same setup.</summary>
    public Generator NewData() => new(Seed ^ 0x5EED);

    public (Tensor Input, Tensor Target) NextBatch(Generator data) =>
        (Torch.Randn(Model == "mlp" ? [Batch, 6] : [Batch, 1, 8, 8], generator: data), Torch.RandInt(0, Classes, [Batch], data));

    public static Gen<TrainingSetup> Generate() =>
        from model in Gen.Elements("mlp", "cnn")
        from optimizer in Gen.Elements("adam", "adamw-amsgrad", "sgd-momentum", "sgd-nesterov")
        from toNone in Gen.Elements(true, false)
        from batch in Gen.Choose(2, 6)
        from width in Gen.Choose(1, 5)
        from steps in Gen.Choose(1, 4)
        from seed in Gen.Choose(0, int.MaxValue)
        select new TrainingSetup(model, optimizer, toNone, batch, width, steps, (ulong)seed);
}
