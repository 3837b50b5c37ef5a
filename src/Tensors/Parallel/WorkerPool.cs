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
/// bumping a generation counter; a worker still spinning picks it up within a fraction of a
/// microsecond. A worker idle for <see cref="SpinMicroseconds"/> parks on a monitor so idle
/// processes do not burn a core.</para>
/// <para>The body is a struct on the caller's stack, reached through a pointer and a generic
/// trampoline, so a job allocates nothing. One job runs at a time: a caller that finds the pool
/// busy (another thread's job, or a body starting a nested loop) runs its loop itself.</para>
/// <para>The generation word packs the job number with its participant count, so a worker reads
/// in one atomic load both that a job exists and whether it takes part; a worker that does not
/// take part never touches the job's state.</para>
/// </remarks>
internal static unsafe class WorkerPool
{
    private const int SpinMicroseconds = 80;
    private const int ParticipantBits = 8;
    private const int MaxThreads = (1 << ParticipantBits) - 1;

    private static readonly object StartLock = new();
    private static readonly object ParkLock = new();
    private static readonly object CallLock = new();
    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency * SpinMicroseconds / 1_000_000);

    private static long _generation; // (job number << ParticipantBits) | participants
    private static int _sleepers;
    private static int _workerCount;

    private static delegate*<void*, int, void> _invoke;
    private static void* _body;
    private static int _count;
    private static int _next;
    private static int _pending;
    private static ExceptionDispatchInfo? _error;

    [ThreadStatic] private static bool _busy;

    /// <summary>
    /// Runs the loop on <paramref name="threads"/> threads; false (nothing run) when the pool is
    /// in use or the calling thread is already inside a parallel loop.
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
            _body = Unsafe.AsPointer(ref body); // the body stays on this stack frame until every worker is done
            _count = count;
            _next = 0;
            _error = null;
            Volatile.Write(ref _pending, threads - 1);
            long job = (Volatile.Read(ref _generation) >> ParticipantBits) + 1;
            Interlocked.Exchange(ref _generation, (job << ParticipantBits) | (uint)threads);
            if (Volatile.Read(ref _sleepers) > 0)
                lock (ParkLock) Monitor.PulseAll(ParkLock);

            RunIterations();

            var spinner = new SpinWait();
            while (Volatile.Read(ref _pending) > 0) spinner.SpinOnce(sleep1Threshold: -1);
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

    private static void Trampoline<TBody>(void* body, int index) where TBody : struct, IParallelBody =>
        Unsafe.AsRef<TBody>(body).Invoke(index);

    private static void RunIterations()
    {
        try
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < _count) _invoke(_body, i);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            Volatile.Write(ref _next, _count); // the others stop taking new iterations
        }
    }

    private static void EnsureWorkers(int wanted)
    {
        if (Volatile.Read(ref _workerCount) >= wanted) return;
        lock (StartLock)
        {
            // Read before the caller publishes its job, so a worker that starts late still joins that job.
            long seen = Volatile.Read(ref _generation);
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
            long current = WaitForNewJob(seen);
            seen = current;
            int participants = (int)(current & MaxThreads);
            if (id + 1 >= participants) continue; // worker 0 is the second thread of a job
            RunIterations();
            Interlocked.Decrement(ref _pending);
        }
    }

    private static long WaitForNewJob(long seen)
    {
        long start = Stopwatch.GetTimestamp();
        int spins = 0;
        while (true)
        {
            long current = Volatile.Read(ref _generation);
            if (current != seen) return current;
            if (++spins < 64) { Thread.SpinWait(20); continue; }
            spins = 0;
            if (Stopwatch.GetTimestamp() - start < SpinTicks) { Thread.Yield(); continue; }
            lock (ParkLock)
            {
                Interlocked.Increment(ref _sleepers);
                while ((current = Interlocked.Read(ref _generation)) == seen) Monitor.Wait(ParkLock);
                Interlocked.Decrement(ref _sleepers);
                return current;
            }
        }
    }
}
