using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace MiniTorch.Tensors.Parallel;

/// <summary>
/// A fork/join pool of background workers that spin briefly between jobs and then park.
/// </summary>
/// <remarks>
/// <para>Why not <c>System.Threading.Tasks.Parallel.For</c>: it costs several microseconds and
/// about 1.5 KB of allocation per call. Here a job is published by writing a few static fields and
/// one 64-bit word; a worker still spinning picks it up within a fraction of a microsecond. A
/// worker idle for <see cref="SpinMicroseconds"/> parks on a monitor so idle processes do not
/// burn a core.</para>
/// <para>The body is a struct on the caller's stack, reached through a pointer and a generic
/// trampoline, so a job allocates nothing. One job runs at a time: a caller that finds the pool
/// busy (another thread's job, or a body starting a nested loop) runs its loop itself.</para>
/// <para>Iterations are claimed one at a time from the job word, which packs the job number, the
/// number of threads allowed and the next iteration index. A worker claims with a
/// compare-exchange that also checks the job number, so a worker that wakes late (descheduled, or
/// parked) can never take an iteration of a newer job; the caller claims everything no worker
/// took and then waits only for iterations a worker is still running. A late worker therefore
/// never delays the caller, which matters on a busy machine.</para>
/// </remarks>
internal static unsafe class WorkerPool
{
    private const int SpinMicroseconds = 80;
    private const int JobShift = 40, ThreadsShift = 32;
    private const long IndexMask = 0xFFFF_FFFF;
    private const int MaxThreads = 0xFF;

    private static readonly object StartLock = new();
    private static readonly object ParkLock = new();
    private static readonly object CallLock = new();
    private static readonly object DoneLock = new();
    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency * SpinMicroseconds / 1_000_000);

    private static long _job; // [job number: 24 bits][threads: 8 bits][next index: 32 bits]
    private static int _sleepers;
    private static int _workerCount;

    private static delegate*<void*, int, void> _invoke;
    private static void* _body;
    private static int _count;
    private static int _threadCountOverride;
    private static int _done;
    private static int _callerWaiting;
    private static ExceptionDispatchInfo? _error;

    [ThreadStatic] private static bool _busy;

    /// <summary>
    /// Runs the loop on up to <paramref name="threads"/> threads; false (nothing run) when the pool
    /// is in use or the calling thread is already inside a parallel loop.
    /// </summary>
    public static bool TryRun<TBody>(int count, ref TBody body, int threads) where TBody : struct, IParallelBody
    {
        if (_busy || !Monitor.TryEnter(CallLock)) return false;
        _busy = true;
        try
        {
            threads = Math.Min(threads, MaxThreads);
            EnsureWorkers(threads - 1);
            _invoke = &Trampoline<TBody>;
            _body = Unsafe.AsPointer(ref body); // the body stays on this stack frame until every iteration is done
            _count = count;
            _threadCountOverride = Threading.CurrentOverride;
            _error = null;
            Volatile.Write(ref _done, 0);
            long number = ((Volatile.Read(ref _job) >>> JobShift) + 1) & 0xFF_FFFF;
            Interlocked.Exchange(ref _job, (number << JobShift) | ((long)threads << ThreadsShift));
            if (Volatile.Read(ref _sleepers) > 0)
                lock (ParkLock) Monitor.PulseAll(ParkLock);

            int i;
            while ((i = (int)(Interlocked.Increment(ref _job) & IndexMask) - 1) < count) RunIteration(_invoke, _body, i);

            WaitForWorkers(count);
            _body = null;
            _error?.Throw();
            return true;
        }
        finally
        {
            _busy = false;
            Monitor.Exit(CallLock);
        }
    }

    /// <summary>
    /// Waits until the workers finish the iterations they claimed: a short spin (Thread.SpinWait(20)
    /// is about 0.8 µs here), then a blocking wait that the last finisher ends. Spinning longer
    /// would starve a worker that shares this core (almost completely when the caller runs at a
    /// raised priority, as under BenchmarkDotNet).
    /// </summary>
    private static void WaitForWorkers(int count)
    {
        for (int spin = 0; spin < 25 && Volatile.Read(ref _done) < count; spin++) Thread.SpinWait(20); // about 20 µs
        if (Volatile.Read(ref _done) >= count) return;
        lock (DoneLock)
        {
            Interlocked.Exchange(ref _callerWaiting, 1);
            while (Volatile.Read(ref _done) < count) Monitor.Wait(DoneLock);
            _callerWaiting = 0;
        }
    }

    private static void Trampoline<TBody>(void* body, int index) where TBody : struct, IParallelBody =>
        Unsafe.AsRef<TBody>(body).Invoke(index);

    private static void RunIteration(delegate*<void*, int, void> invoke, void* body, int index)
    {
        try
        {
            invoke(body, index);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            // The increment is a full fence, so either the caller sees it or this sees the caller waiting.
            if (Interlocked.Increment(ref _done) == _count && Volatile.Read(ref _callerWaiting) != 0)
                lock (DoneLock) Monitor.Pulse(DoneLock);
        }
    }

    private static void EnsureWorkers(int wanted)
    {
        if (Volatile.Read(ref _workerCount) >= wanted) return;
        lock (StartLock)
        {
            // Read before the caller publishes its job, so a worker that starts late still sees that job as new.
            long seen = Volatile.Read(ref _job) >>> JobShift;
            while (_workerCount < wanted)
            {
                int id = _workerCount;
                var thread = new Thread(() => WorkerLoop(id, seen)) { IsBackground = true, Name = $"MiniTorch worker {id + 1}" };
                thread.Start();
                Volatile.Write(ref _workerCount, id + 1);
            }
        }
    }

    private static void WorkerLoop(int id, long seen)
    {
        _busy = true; // a body running here must not start a nested job
        while (true)
        {
            long word = WaitForNewJob(seen);
            seen = word >>> JobShift;
            if (id + 1 >= (int)((word >> ThreadsShift) & MaxThreads)) continue; // worker 0 is a job's second thread
            ClaimIterations(seen);
        }
    }

    /// <summary>Runs iterations of job <paramref name="number"/> until none is left or a newer job replaced it.</summary>
    private static void ClaimIterations(long number)
    {
        while (true)
        {
            long word = Volatile.Read(ref _job);
            if (word >>> JobShift != number) return;
            var invoke = _invoke;
            void* body = _body;
            int threadCount = _threadCountOverride;
            int index = (int)(word & IndexMask);
            if (index >= _count) return;
            // Succeeds only if the job is still this one, so the fields read above belong to it.
            if (Interlocked.CompareExchange(ref _job, word + 1, word) == word)
            {
                Threading.CurrentOverride = threadCount; // the body sees the caller's thread count
                RunIteration(invoke, body, index);
            }
        }
    }

    private static long WaitForNewJob(long seen)
    {
        long start = Stopwatch.GetTimestamp();
        int spins = 0;
        while (true)
        {
            long word = Volatile.Read(ref _job);
            if (word >>> JobShift != seen) return word;
            // Spin without yielding: a yield on a busy machine can hand the core away for a whole time slice.
            Thread.SpinWait(20);
            if ((++spins & 63) != 0 || Stopwatch.GetTimestamp() - start < SpinTicks) continue;
            lock (ParkLock)
            {
                Interlocked.Increment(ref _sleepers);
                while ((word = Interlocked.Read(ref _job)) >>> JobShift == seen) Monitor.Wait(ParkLock);
                Interlocked.Decrement(ref _sleepers);
                return word;
            }
        }
    }
}
