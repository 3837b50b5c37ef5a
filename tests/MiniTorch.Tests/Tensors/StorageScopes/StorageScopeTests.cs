using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.StorageScopes;

/// <summary>What a scope owns, when it releases it, and every way out: Keep, MoveToOuterScope, DetachFromScope, Suspend.</summary>
public class StorageScopeTests
{
    private const string ReleasedMessage = "was released when its StorageScope ended";

    private static void AssertReleased(TensorData t)
    {
        Assert.True(t.Storage.IsReleased);
        Assert.False(t.Storage.IsScoped);
        var e = Assert.Throws<InvalidOperationException>(() => t.Storage.AsSpan<float>());
        Assert.Contains($"storage of {t.Storage.Length} float32 elements {ReleasedMessage}", e.Message);
    }

    private static void AssertAlive(TensorData t, double expected)
    {
        Assert.False(t.Storage.IsReleased);
        Assert.All(t.ToDoubleArray(), v => Assert.Equal(expected, v));
    }

    [Fact]
    public void StorageAllocatedInAScope_IsReleasedWhenItEnds_AndEveryAccessThrowsAClearError()
    {
        TensorData t, view;
        using (StorageScope.Begin())
        {
            t = TensorData.Full([3, 4], 2.0);
            view = t.Transpose(0, 1);
            Assert.True(t.Storage.IsScoped);
            AssertAlive(t, 2);
        }
        AssertReleased(t);
        foreach (var access in new Action[]
        {
            () => t.Span<float>(), () => t.ToArray<float>(), () => view.Narrow(0, 1, 1).Narrow(1, 2, 1).Item(), () => view.Contiguous(),
            () => t.Add(t), () => view.Sum(), () => t.CopyFrom(TensorData.Zeros(DType.Float32, 3, 4)), () => TensorData.Zeros(DType.Float32, 3, 4).CopyFrom(t),
        })
        {
            var e = Assert.Throws<InvalidOperationException>(access);
            Assert.Contains(ReleasedMessage, e.Message);
            Assert.Contains("Keep", e.Message);
        }
        // Printing never throws (debuggers call it); it says what happened instead.
        Assert.Contains("released", t.ToString());
    }

    [Fact]
    public void AutogradTensorsFromAScope_AreReleased_AndBackwardThroughThemThrows()
    {
        var w = new Tensor(TensorData.Full([4], 3.0), requiresGrad: true);
        Tensor y, loss;
        using (StorageScope.Begin())
        {
            y = w.Exp(); // exp saves its output for backward
            loss = y.Sum();
            Assert.True(loss.IsScoped);
        }
        Assert.True(y.Data.Storage.IsReleased);
        Assert.Contains(ReleasedMessage, Assert.Throws<InvalidOperationException>(() => loss.Item()).Message);
        Assert.Contains(ReleasedMessage, Assert.Throws<InvalidOperationException>(() => loss.Backward()).Message);
        Assert.Contains("released", loss.ToString());
    }

    [Fact]
    public void AllocationsWithoutAScope_AreNeverScoped()
    {
        Assert.Null(StorageScope.Current);
        var t = TensorData.Full([5], 1.5);
        Assert.False(t.Storage.IsScoped);
        using (StorageScope.Begin()) t.AddInPlace(t);
        AssertAlive(t, 3);
    }

    [Fact]
    public void FromArray_InsideAScope_WrapsTheCallersArray_AndIsNeverReleased()
    {
        var values = new float[] { 1, 2, 3 };
        TensorData t;
        using (StorageScope.Begin())
        {
            t = TensorData.FromArray(values, 3);
            Assert.False(t.Storage.IsScoped);
        }
        Assert.Equal([1f, 2f, 3f], t.ToArray<float>());
        values[0] = 9;
        Assert.Equal(9f, t.ToArray<float>()[0]);
    }

    [Fact]
    public void ZerosInsideAScope_AreZero_EvenWhenThePooledArrayWasDirty()
    {
        for (int round = 0; round < 3; round++)
            using (StorageScope.Begin())
            {
                Assert.All(TensorData.Zeros(DType.Float32, 257).ToArray<float>(), v => Assert.Equal(0f, v));
                Assert.All(TensorData.Zeros(DType.Int64, 33).ToArray<long>(), v => Assert.Equal(0L, v));
                TensorData.Full([257], 7.0);
                TensorData.Full([33], 5.0, DType.Int64);
            }
    }

    [Fact]
    public void Uninitialized_IsPoisoned_WhileTheTestSwitchIsOn()
    {
        Assert.True(StorageAllocator.PoisonUninitialized);
        Assert.All(TensorData.Uninitialized(DType.Float32, [17]).ToArray<float>(), v => Assert.True(float.IsNaN(v)));
        Assert.All(TensorData.Uninitialized(DType.Float64, [5]).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        Assert.All(TensorData.Uninitialized(DType.Int64, [5]).ToArray<long>(), v => Assert.Equal(StorageAllocator.Int64Poison, v));
        Assert.All(TensorData.Uninitialized(DType.Bool, [5]).ToArray<bool>(), Assert.True);
        using (StorageScope.Begin())
            Assert.All(TensorData.Uninitialized(DType.Float32, [17]).ToArray<float>(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void NestedScopes_EachReleaseTheirOwnStorage()
    {
        using var outer = StorageScope.Begin();
        var a = TensorData.Full([2], 1.0);
        TensorData b;
        using (var inner = StorageScope.Begin())
        {
            Assert.Same(inner, StorageScope.Current);
            b = TensorData.Full([2], 2.0);
            Assert.Equal(1, inner.Count);
            Assert.Equal(1, outer.Count);
        }
        Assert.Same(outer, StorageScope.Current);
        AssertReleased(b);
        AssertAlive(a, 1);
        outer.Dispose();
        AssertReleased(a);
        Assert.Null(StorageScope.Current);
    }

    [Fact]
    public void Keep_MovesStorageToTheEnclosingScope_WhichReleasesItLater()
    {
        var outer = StorageScope.Begin();
        TensorData kept, view;
        using (var inner = StorageScope.Begin())
        {
            kept = inner.Keep(TensorData.Full([3], 4.0));
            view = kept.Narrow(0, 1, 2); // a view shares the storage, so keeping one keeps both
        }
        AssertAlive(kept, 4);
        AssertAlive(view, 4);
        Assert.Equal(1, outer.Count);
        outer.Dispose();
        AssertReleased(kept);
    }

    [Fact]
    public void Keep_InTheOutermostScope_TakesStorageOutOfScoping()
    {
        TensorData kept;
        using (var scope = StorageScope.Begin())
        {
            kept = scope.Keep(TensorData.Full([3], 4.0));
            Assert.False(kept.Storage.IsScoped);
            Assert.Equal(0, scope.Count);
        }
        AssertAlive(kept, 4);
    }

    [Fact]
    public void Keep_OfStorageAlreadyOutsideTheScope_ChangesNothing()
    {
        using var outer = StorageScope.Begin();
        var outerData = TensorData.Full([2], 1.0);
        var unscoped = TensorData.FromArray(new float[] { 1, 1 }, 2);
        using (var inner = StorageScope.Begin())
        {
            inner.Keep(outerData);
            inner.Keep(unscoped);
        }
        Assert.Equal(1, outer.Count);
        Assert.False(unscoped.Storage.IsScoped);
        AssertAlive(outerData, 1);
    }

    [Fact]
    public void Keep_ByAnOuterScope_RescuesStorageOfAnInnerOne()
    {
        var outer = StorageScope.Begin();
        TensorData t;
        using (StorageScope.Begin())
        {
            t = TensorData.Full([2], 6.0);
            outer.Keep(t); // outlives outer too: out of scoping, since outer is the outermost
        }
        outer.Dispose();
        AssertAlive(t, 6);
    }

    [Fact]
    public void MoveToOuterScope_AndDetachFromScope_WorkOnAutogradTensors()
    {
        var outer = StorageScope.Begin();
        Tensor moved, detached, kept;
        using (var inner = StorageScope.Begin())
        {
            moved = new Tensor(TensorData.Full([2], 1.0)).MoveToOuterScope();
            detached = new Tensor(TensorData.Full([2], 2.0)).DetachFromScope();
            kept = inner.Keep(new Tensor(TensorData.Full([2], 3.0)));
            Assert.Equal(0, inner.Count);
        }
        Assert.True(moved.IsScoped);
        Assert.False(detached.IsScoped);
        Assert.True(kept.IsScoped);
        outer.Dispose();
        AssertReleased(moved.Data);
        AssertReleased(kept.Data);
        AssertAlive(detached.Data, 2);
    }

    [Fact]
    public void KeepingReleasedStorage_ThrowsTheReleasedError()
    {
        TensorData t;
        var scope = StorageScope.Begin();
        t = TensorData.Full([2], 1.0);
        scope.Dispose();
        Assert.Contains(ReleasedMessage, Assert.Throws<InvalidOperationException>(() => StorageScope.DetachFromScope(t)).Message);
        Assert.Contains(ReleasedMessage, Assert.Throws<InvalidOperationException>(() => StorageScope.MoveToOuterScope(t)).Message);
        using var other = StorageScope.Begin();
        Assert.Contains(ReleasedMessage, Assert.Throws<InvalidOperationException>(() => other.Keep(t)).Message);
    }

    [Fact]
    public void Suspend_LeavesAllocationsUnscoped_AndAScopeInsideItCapturesAgain()
    {
        using var scope = StorageScope.Begin();
        TensorData plain, innerKept, innerTemp;
        using (StorageScope.Suspend())
        {
            Assert.Null(StorageScope.Current);
            plain = TensorData.Full([2], 1.0);
            Assert.False(plain.Storage.IsScoped);
            using (var inner = StorageScope.Begin())
            {
                innerTemp = TensorData.Full([2], 2.0);
                innerKept = inner.Keep(TensorData.Full([2], 3.0)); // the enclosing frame is the suspension: out of scoping
            }
            AssertReleased(innerTemp);
        }
        Assert.Same(scope, StorageScope.Current);
        Assert.Equal(0, scope.Count);
        scope.Dispose();
        AssertAlive(plain, 1);
        AssertAlive(innerKept, 3);
    }

    [Fact]
    public void DisposingTwice_DoesNothing()
    {
        var scope = StorageScope.Begin();
        var t = TensorData.Full([2], 1.0);
        scope.Dispose();
        var next = StorageScope.Begin();
        var u = TensorData.Full([2], 2.0);
        scope.Dispose();
        Assert.Same(next, StorageScope.Current);
        AssertAlive(u, 2);
        next.Dispose();
        var suspension = StorageScope.Suspend();
        suspension.Dispose();
        suspension.Dispose();
        Assert.Null(StorageScope.Current);
        Assert.False(scope.IsActive);
        AssertReleased(t);
    }

    [Fact]
    public void DisposingOutOfOrder_Throws_AndReleasesNothing()
    {
        var outer = StorageScope.Begin();
        var a = TensorData.Full([2], 1.0);
        var inner = StorageScope.Begin();
        var b = TensorData.Full([2], 2.0);
        var e = Assert.Throws<InvalidOperationException>(outer.Dispose);
        Assert.Contains("out of order", e.Message);
        Assert.True(outer.IsActive);
        AssertAlive(a, 1);
        AssertAlive(b, 2);

        var suspension = StorageScope.Suspend();
        Assert.Contains("out of order", Assert.Throws<InvalidOperationException>(inner.Dispose).Message);
        suspension.Dispose();
        inner.Dispose();
        outer.Dispose();
        AssertReleased(a);
        AssertReleased(b);
        Assert.Null(StorageScope.Current);

        var s1 = StorageScope.Begin();
        var suspended = StorageScope.Suspend();
        var s2 = StorageScope.Begin();
        Assert.Contains("StorageScope.Suspend disposed out of order", Assert.Throws<InvalidOperationException>(suspended.Dispose).Message);
        s2.Dispose();
        suspended.Dispose();
        s1.Dispose();
    }

    [Fact]
    public void AScope_CapturesOnlyItsOwnThreadsAllocations()
    {
        TensorData fromOtherThread = null!, mine;
        using (var scope = StorageScope.Begin())
        {
            var worker = new Thread(() => fromOtherThread = TensorData.Full([4], 5.0));
            worker.Start();
            worker.Join();
            mine = TensorData.Full([4], 6.0);
            Assert.Equal(1, scope.Count);
        }
        Assert.False(fromOtherThread.Storage.IsScoped);
        AssertAlive(fromOtherThread, 5);
        AssertReleased(mine);

        // ...and a scope on another thread leaves this thread's allocations alone.
        TensorData fromThisThread = null!;
        using var started = new ManualResetEventSlim();
        using var allocated = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (StorageScope.Begin())
            {
                started.Set();
                allocated.Wait(TestContext.Current.CancellationToken);
            }
        });
        other.Start();
        started.Wait(TestContext.Current.CancellationToken);
        fromThisThread = TensorData.Full([4], 7.0);
        allocated.Set();
        other.Join();
        Assert.False(fromThisThread.Storage.IsScoped);
        AssertAlive(fromThisThread, 7);
    }

    [Fact]
    public void AScope_CannotBeEndedOrKeptIntoFromAnotherThread()
    {
        using var scope = StorageScope.Begin();
        var t = TensorData.Full([2], 1.0);
        Exception? disposeError = null, keepError = null, detachError = null;
        var worker = new Thread(() =>
        {
            disposeError = Record.Exception(scope.Dispose);
            keepError = Record.Exception(() => scope.Keep(t));
            detachError = Record.Exception(() => StorageScope.DetachFromScope(t));
        });
        worker.Start();
        worker.Join();
        foreach (var e in new[] { disposeError, keepError, detachError })
        {
            Assert.IsType<InvalidOperationException>(e);
            Assert.Contains("belongs to thread", e!.Message);
        }
        Assert.True(scope.IsActive);
        AssertAlive(t, 1);
    }
}
