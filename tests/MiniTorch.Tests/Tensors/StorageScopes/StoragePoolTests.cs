using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.StorageScopes;

/// <summary>Reuse, the byte bound, and the steady state of a scoped training loop (run alone: the pool is process-wide).</summary>
[Collection(StoragePoolCollection.Name)]
public class StoragePoolTests
{
    [Fact]
    public void AnEndedScopesArrays_AreReusedForTheSameDTypeAndLength_AndNothingElse()
    {
        StoragePool.Clear();
        Array first;
        using (StorageScope.Begin()) first = TensorData.Full([1001], 3.0).Storage.Array;
        using (var scope = StorageScope.Begin())
        {
            Assert.NotSame(first, TensorData.Zeros(DType.Float64, 1001).Storage.Array);
            Assert.NotSame(first, TensorData.Zeros(DType.Float32, 1000).Storage.Array);
            var again = TensorData.Uninitialized(DType.Float32, [1001]);
            Assert.Same(first, again.Storage.Array);
            Assert.Equal(3, scope.Allocations);
            Assert.Equal(2, scope.PoolMisses);
        }
    }

    [Fact]
    public void ThePool_NeverHoldsMoreThanMaxPooledBytes()
    {
        StoragePool.Clear();
        try
        {
            StoragePool.MaxPooledBytes = 10_000;
            var before = StoragePool.Statistics;
            using (StorageScope.Begin())
                for (int i = 0; i < 5; i++) TensorData.Zeros(DType.Float32, 1000); // 4,000 bytes each
            Assert.Equal(8_000, StoragePool.PooledBytes);
            var after = StoragePool.Statistics;
            Assert.Equal(2, after.Returned - before.Returned);
            Assert.Equal(3, after.Dropped - before.Dropped);

            StoragePool.MaxPooledBytes = 5_000; // lowering the bound drops free arrays at once
            Assert.Equal(4_000, StoragePool.PooledBytes);
            StoragePool.Clear();
            Assert.Equal(0, StoragePool.PooledBytes);
            Assert.Throws<ArgumentOutOfRangeException>(() => StoragePool.MaxPooledBytes = -1);
        }
        finally
        {
            StoragePool.MaxPooledBytes = StoragePool.DefaultMaxPooledBytes;
        }
    }

    [Fact]
    public void Backward_RecyclesItsOwnTemporaries_EvenWithoutACallersScope()
    {
        StoragePool.Clear();
        var w = new Tensor(TensorData.Full([64], 0.5), requiresGrad: true);
        var loss = w.Exp().Mul(w).Sum();
        Assert.Null(StorageScope.Current);
        var before = StoragePool.Statistics;
        loss.Backward();
        var after = StoragePool.Statistics;
        Assert.True(after.Returned > before.Returned, "backward returned none of its temporaries to the pool");
        Assert.False(w.IsScoped);
        Assert.False(loss.IsScoped);
        // d/dw sum(w e^w) = e^w (1 + w)
        Assert.All(w.Grad!.ToDoubleArray(), v => Assert.Equal(Math.Exp(0.5) * 1.5, v, 1e-6));
        Assert.False(w.Grad!.IsScoped);
    }

    /// <summary>
    /// The target CNN (conv 1->16 3x3 pad 1, BN, ReLU, maxpool 2; conv 16->32, BN, ReLU, maxpool 2;
    /// linear 1568->10) on a small batch: after warm-up, every scoped allocation of a step (its
    /// forward in the step's scope, its backward in backward's own) comes from the pool, and the
    /// managed bytes a step allocates (small objects, the gradients backward creates) stay under
    /// 5% of its activation bytes (the storage of the step's scope).
    /// </summary>
    [Fact]
    public void ScopedTrainingSteps_AfterWarmUp_RentEverythingFromThePool_AndAllocateLittleManagedMemory()
    {
        var g = new Generator(5);
        var model = TrainingSetup.Cnn(16, 32, 10, 28, g);
        var optimizer = new Adam(model.Parameters());
        var input = Torch.Randn([16, 1, 28, 28], generator: g);
        var target = Torch.RandInt(0, 10, [16], g);

        // Misses counts the step's own scope and backward's nested one (which the step scope does not see).
        (long Misses, long StorageBytes, long ManagedBytes) Step()
        {
            var pool = StoragePool.Statistics;
            long before = GC.GetAllocatedBytesForCurrentThread();
            using var scope = StorageScope.Begin();
            var loss = F.CrossEntropy(model.Call(input), target);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            scope.Dispose();
            long managed = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(scope.Allocations > 20, $"the step made only {scope.Allocations} scoped allocations");
            return (StoragePool.Statistics.Allocated - pool.Allocated, scope.AllocatedBytes, managed);
        }

        for (int i = 0; i < 2; i++) Step();
        for (int i = 0; i < 3; i++)
        {
            var (misses, storageBytes, managedBytes) = Step();
            Assert.Equal(0, misses);
            Assert.True(storageBytes > 2_000_000, $"the step's activations took only {storageBytes} bytes");
            Assert.True(managedBytes < storageBytes / 20, $"a steady step allocated {managedBytes} managed bytes for {storageBytes} bytes of activations");
        }
    }
}
