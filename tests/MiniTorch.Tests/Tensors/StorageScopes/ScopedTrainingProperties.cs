using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;
using MiniTorch.Tests.Optim;

namespace MiniTorch.Tests.Tensors.StorageScopes;

/// <summary>
/// A training loop wrapped in one <see cref="StorageScope"/> per step must compute exactly what the
/// same loop computes without scopes: pooled arrays arrive dirty (and poisoned in tests), so any
/// kernel that read memory it had not written, or any long-lived state left in a scope, shows up
/// as a difference or an exception here.
/// </summary>
public class ScopedTrainingProperties
{
    /// <summary>Everything a training run leaves behind, copied out after the last scope ended.</summary>
    private sealed record RunResult(double[] Losses, (string Name, TensorData Value)[] Parameters, (string Name, TensorData? Value)[] Grads,
        (string Name, TensorData Value)[] Buffers, (string Name, Dictionary<string, TensorData>? State)[] OptimizerState);

    private static RunResult Train(TrainingSetup setup, bool scoped)
    {
        var model = setup.NewModel();
        var optimizer = setup.NewOptimizer(model);
        var data = setup.NewData();
        var losses = new double[setup.Steps];
        for (int step = 0; step < setup.Steps; step++)
        {
            using var scope = scoped ? StorageScope.Begin() : null;
            var (input, target) = setup.NextBatch(data);
            var loss = F.CrossEntropy(model.Call(input), target);
            optimizer.ZeroGrad(setToNone: setup.ZeroGradToNone);
            loss.Backward();
            optimizer.Step();
            losses[step] = loss.Item();
        }
        var parameters = model.NamedParameters().ToArray();
        return new RunResult(
            losses,
            [.. parameters.Select(p => (p.Name, p.Parameter.Data.Clone()))],
            [.. parameters.Select(p => (p.Name, p.Parameter.Grad?.Data.Clone()))],
            [.. model.NamedBuffers().Select(b => (b.Name, b.Buffer.Data.Clone()))],
            [.. parameters.Select(p => (p.Name, Snapshot.State(optimizer, p.Parameter)))]);
    }

    [Property(MaxTest = 40)]
    public Property TrainingWithAScopePerStep_IsBitIdenticalToTrainingWithoutScopes() =>
        Prop.ForAll(TrainingSetup.Generate().ToArbitrary(), setup =>
        {
            Assert.True(StorageAllocator.PoisonUninitialized, "the poison switch is on for the test assembly");
            var plain = Train(setup, scoped: false);
            var scoped = Train(setup, scoped: true);

            Assert.Equal(plain.Losses.Select(BitConverter.DoubleToInt64Bits), scoped.Losses.Select(BitConverter.DoubleToInt64Bits));
            // A kernel reading poisoned (NaN) memory would make both runs agree on garbage: require finite results too.
            Assert.All(plain.Losses, l => Assert.True(double.IsFinite(l), $"loss {l}"));
            Assert.All(plain.Parameters.Concat(plain.Grads.Where(g => g.Value != null)!),
                p => Assert.True(p.Value!.ToDoubleArray().All(double.IsFinite), $"{p.Name} is not finite"));
            for (int i = 0; i < plain.Parameters.Length; i++)
            {
                var name = plain.Parameters[i].Name;
                Snapshot.AssertBitIdentical(plain.Parameters[i].Value, scoped.Parameters[i].Value, $"parameter {name}");
                Assert.Equal(plain.Grads[i].Value is null, scoped.Grads[i].Value is null);
                if (plain.Grads[i].Value is { } grad) Snapshot.AssertBitIdentical(grad, scoped.Grads[i].Value!, $"grad of {name}");
                var state = plain.OptimizerState[i].State;
                Assert.NotNull(state);
                Assert.Equal(state.Keys.Order(), scoped.OptimizerState[i].State!.Keys.Order());
                foreach (var (key, value) in state) Snapshot.AssertBitIdentical(value, scoped.OptimizerState[i].State![key], $"optimizer state {key} of {name}");
            }
            Assert.Equal(plain.Buffers.Select(b => b.Name), scoped.Buffers.Select(b => b.Name));
            for (int i = 0; i < plain.Buffers.Length; i++)
                Snapshot.AssertBitIdentical(plain.Buffers[i].Value, scoped.Buffers[i].Value, $"buffer {plain.Buffers[i].Name}");
        });
}
