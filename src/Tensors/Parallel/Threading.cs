namespace MiniTorch.Tensors.Parallel;

/// <summary>The work of one parallel loop: <see cref="Invoke"/> runs one iteration.</summary>
/// <remarks>
/// A struct body lives on the caller's stack and is handed to the workers by reference, so a
/// parallel loop allocates nothing. Iterations may run in any order and on any thread; a body
/// whose iterations write disjoint outputs gives the same result for every thread count.
/// </remarks>
public interface IParallelBody
{
    void Invoke(int index);
}

/// <summary>
/// The global thread-count setting and the fork/join entry points every kernel uses. Work is
/// spread over a small pool of spinning workers plus the calling thread (see <see cref="WorkerPool"/>).
/// </summary>
public static class Threading
{
    private static int _threadCount = Environment.ProcessorCount;

    /// <summary>This thread's <see cref="Override"/>, 0 when none is active.</summary>
    [ThreadStatic] private static int t_override;

    /// <summary>
    /// How many threads (the caller included) a parallel kernel may use; default
    /// <see cref="Environment.ProcessorCount"/>. 1 runs everything on the calling thread.
    /// Kernels give bit-identical results for every value. Setting it changes the process-wide
    /// value; reading it returns the innermost <see cref="Override"/> of the calling thread, if any.
    /// </summary>
    public static int ThreadCount
    {
        get
        {
            int scoped = t_override;
            return scoped > 0 ? scoped : Volatile.Read(ref _threadCount);
        }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "ThreadCount must be at least 1");
            Volatile.Write(ref _threadCount, value);
        }
    }

    /// <summary>
    /// Makes <see cref="ThreadCount"/> read <paramref name="threads"/> on the calling thread until
    /// the returned scope is disposed: <c>using (Threading.Override(3)) { ... }</c>. Other threads
    /// keep the process-wide value, so tests running side by side do not disturb each other; the
    /// pool's workers run a job's iterations under the count of the thread that started it. The
    /// scope belongs to its thread: dispose it there (a synchronous <c>using</c> block does).
    /// Scopes nest; disposing one restores the count that was in force before it.
    /// </summary>
    public static ThreadCountScope Override(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "ThreadCount must be at least 1");
        int previous = t_override;
        t_override = threads;
        return new ThreadCountScope(previous);
    }

    /// <summary>The calling thread's override (0 for none); the worker pool hands it to the threads that run a job.</summary>
    internal static int CurrentOverride
    {
        get => t_override;
        set => t_override = value;
    }

    /// <summary>An active <see cref="Override"/>; disposing it restores the previous count of its thread.</summary>
    public readonly struct ThreadCountScope : IDisposable
    {
        private readonly int _previous;

        internal ThreadCountScope(int previous) => _previous = previous;

        public void Dispose() => t_override = _previous;
    }

    /// <summary>
    /// Runs <c>body.Invoke(i)</c> for every i in [0, <paramref name="count"/>) on up to
    /// <see cref="ThreadCount"/> threads and returns when all are done. The first exception a
    /// body throws is rethrown here.
    /// </summary>
    public static void For<TBody>(int count, in TBody body) where TBody : struct, IParallelBody =>
        For(count, body, ThreadCount);

    /// <summary>
    /// Iterations are handed out in at most this many contiguous chunks per thread. Threads claim
    /// work with an atomic on a shared word, which costs about as much as a small iteration when
    /// two cores contend for it (a 2x2 max pool over 1024 planes ran 4x slower on two threads than
    /// on one with one claim per plane); a few chunks per thread keep the balancing and drop that cost.
    /// </summary>
    private const int ChunksPerThread = 8;

    /// <summary>As <see cref="For{TBody}(int, in TBody)"/> with an explicit thread limit.</summary>
    public static void For<TBody>(int count, in TBody body, int maxThreads) where TBody : struct, IParallelBody
    {
        int threads = Math.Min(maxThreads, count);
        int chunks = Math.Min(count, threads * ChunksPerThread);
        if (threads > 1 && chunks < count)
        {
            var chunked = new Chunks<TBody>(body, count, chunks); // on this stack: the workers reach it through a pointer
            if (WorkerPool.TryRun(chunks, ref chunked, threads)) return;
        }
        var local = body;
        if (threads <= 1 || chunks < count || !WorkerPool.TryRun(count, ref local, threads))
        {
            for (int i = 0; i < count; i++) local.Invoke(i);
        }
    }

    /// <summary>Runs iterations [count·c/chunks, count·(c+1)/chunks) of the inner body as iteration c.</summary>
    private readonly struct Chunks<TBody>(TBody inner, int count, int chunks) : IParallelBody where TBody : struct, IParallelBody
    {
        public void Invoke(int chunk)
        {
            int first = (int)((long)count * chunk / chunks), end = (int)((long)count * (chunk + 1) / chunks);
            for (int i = first; i < end; i++) inner.Invoke(i);
        }
    }

    /// <summary>
    /// How many parallel parts a job of <paramref name="work"/> units deserves when each part
    /// should carry at least <paramref name="minWorkPerPart"/> units, capped by
    /// <paramref name="maxThreads"/> and <paramref name="maxParts"/>.
    /// </summary>
    public static int PartsFor(double work, double minWorkPerPart, int maxThreads, int maxParts = int.MaxValue)
    {
        if (maxThreads <= 1 || maxParts <= 1 || work < 2 * minWorkPerPart) return 1;
        double byWork = Math.Floor(work / minWorkPerPart);
        return (int)Math.Max(1, Math.Min(Math.Min(maxThreads, maxParts), byWork));
    }
}
