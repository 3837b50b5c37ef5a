using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Gemm;

public class WorkerPoolTests
{
    private readonly unsafe struct CountingBody(int* counts, int* threadIds) : IParallelBody
    {
        public void Invoke(int index)
        {
            Interlocked.Increment(ref counts[index]);
            threadIds[index] = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public unsafe void For_RunsEveryIndexExactlyOnce_ForEveryThreadCount()
    {
        foreach (int count in new[] { 0, 1, 2, 3, 7, 100, 1000 })
            for (int threads = 1; threads <= 4; threads++)
            {
                var counts = new int[Math.Max(count, 1)];
                var ids = new int[Math.Max(count, 1)];
                fixed (int* pc = counts)
                fixed (int* pi = ids)
                {
                    Threading.For(count, new CountingBody(pc, pi), threads);
                }
                Assert.All(counts.Take(count), c => Assert.Equal(1, c));
                if (threads == 1) Assert.All(ids.Take(count), id => Assert.Equal(Environment.CurrentManagedThreadId, id));
            }
    }

    [Fact]
    public async Task For_CalledFromManyThreadsAtOnce_RunsEveryIndexExactlyOnce()
    {
        // Back-to-back tiny jobs from four callers: workers that wake late or lose the pool to
        // another caller must never run an iteration of the wrong job, or run one twice.
        var callers = Enumerable.Range(0, 4).Select(caller => Task.Run(() =>
        {
            var counts = new int[32];
            var ids = new int[32];
            for (int call = 0; call < 2000; call++)
            {
                int count = 1 + (call + caller) % 32;
                Array.Clear(counts);
                unsafe
                {
                    fixed (int* pc = counts)
                    fixed (int* pi = ids)
                    {
                        Threading.For(count, new CountingBody(pc, pi), 2 + call % 3);
                    }
                }
                for (int i = 0; i < 32; i++)
                    if (counts[i] != (i < count ? 1 : 0)) return $"call {call}: index {i} ran {counts[i]} times (count {count})";
            }
            return null;
        })).ToArray();
        var failures = await Task.WhenAll(callers);
        Assert.All(failures, Assert.Null);
    }

    [Fact]
    public unsafe void For_UsesMoreThanOneThread_WhenAllowed()
    {
        // Each iteration waits long enough that a spinning worker joins before the caller finishes them all.
        var ids = new int[64];
        var counts = new int[64];
        fixed (int* pc = counts)
        fixed (int* pi = ids)
        {
            for (int attempt = 0; attempt < 20 && ids.Distinct().Count() < 2; attempt++)
                Threading.For(64, new SlowBody(pc, pi), 2);
        }
        Assert.True(ids.Distinct().Count() >= 2, "expected iterations on at least two threads");
    }

    private readonly unsafe struct SlowBody(int* counts, int* threadIds) : IParallelBody
    {
        public void Invoke(int index)
        {
            Thread.SpinWait(20_000);
            new CountingBody(counts, threadIds).Invoke(index);
        }
    }

    private readonly struct ThrowingBody : IParallelBody
    {
        public void Invoke(int index)
        {
            if (index == 5) throw new InvalidOperationException("iteration 5 failed");
        }
    }

    [Fact]
    public void For_RethrowsTheFirstExceptionOfABody_AndStaysUsable()
    {
        for (int threads = 1; threads <= 3; threads++)
        {
            var e = Assert.Throws<InvalidOperationException>(() => Threading.For(50, new ThrowingBody(), threads));
            Assert.Equal("iteration 5 failed", e.Message);
        }
        For_RunsEveryIndexExactlyOnce_ForEveryThreadCount();
    }

    private readonly unsafe struct NestedBody(int* counts) : IParallelBody
    {
        public void Invoke(int index) => Threading.For(10, new InnerBody(counts + index * 10), 4);
    }

    private readonly unsafe struct InnerBody(int* counts) : IParallelBody
    {
        public void Invoke(int index) => Interlocked.Increment(ref counts[index]);
    }

    [Fact]
    public unsafe void NestedFor_RunsTheInnerLoopsInline()
    {
        var counts = new int[40];
        fixed (int* pc = counts)
        {
            Threading.For(4, new NestedBody(pc), 4);
        }
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ThreadCount_DefaultsToProcessorCount_AndRejectsValuesBelowOne()
    {
        Assert.True(Threading.ThreadCount >= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Threading.ThreadCount = 0);
        int before = Threading.ThreadCount;
        Threading.ThreadCount = before; // setting a valid value is accepted
        Assert.Equal(before, Threading.ThreadCount);
    }

    [Fact]
    public void PartsFor_SplitsOnlyWorkAboveTheThreshold()
    {
        Assert.Equal(1, Threading.PartsFor(1000, 600, 4));
        Assert.Equal(2, Threading.PartsFor(1200, 600, 4));
        Assert.Equal(4, Threading.PartsFor(1e9, 600, 4));
        Assert.Equal(3, Threading.PartsFor(1e9, 600, 4, maxParts: 3));
        Assert.Equal(1, Threading.PartsFor(1e9, 600, 1));
    }
}
