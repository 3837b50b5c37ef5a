using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Gemm;

public class ThreadingOverrideTests
{
    /// <summary>Records the thread count each iteration sees, and on which thread it ran.</summary>
    private readonly unsafe struct RecordingBody(int* seen, int* threadIds) : IParallelBody
    {
        public void Invoke(int index)
        {
            seen[index] = Threading.ThreadCount;
            threadIds[index] = Environment.CurrentManagedThreadId;
            Thread.SpinWait(20_000); // long enough that the workers take a share
        }
    }

    [Fact]
    public void Override_SetsTheCountUntilDisposed_AndScopesNest()
    {
        int global = Threading.ThreadCount;
        using (Threading.Override(3))
        {
            Assert.Equal(3, Threading.ThreadCount);
            using (Threading.Override(1)) Assert.Equal(1, Threading.ThreadCount);
            Assert.Equal(3, Threading.ThreadCount);
        }
        Assert.Equal(global, Threading.ThreadCount);
    }

    [Fact]
    public void Override_IsInvisibleToOtherThreads()
    {
        int global = Threading.ThreadCount;
        using (Threading.Override(global + 5))
        {
            int elsewhere = 0;
            var thread = new Thread(() => elsewhere = Threading.ThreadCount);
            thread.Start();
            thread.Join();
            Assert.Equal(global, elsewhere);
        }
    }

    [Fact]
    public void Override_OfLessThanOneThread_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Threading.Override(0));

    [Fact]
    public unsafe void Override_IsSeenByThePoolWorkersThatRunTheJob()
    {
        const int count = 64;
        var seen = new int[count];
        var ids = new int[count];
        int threads = Threading.ThreadCount + 1; // differs from what a worker reads without the override
        fixed (int* ps = seen)
        fixed (int* pi = ids)
        {
            using (Threading.Override(threads)) Threading.For(count, new RecordingBody(ps, pi));
        }
        Assert.All(seen, s => Assert.Equal(threads, s));
    }
}
