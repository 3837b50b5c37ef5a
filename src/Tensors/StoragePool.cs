namespace MiniTorch.Tensors;

/// <summary>
/// Free arrays waiting to back new storages, kept by (dtype, exact length): a training loop
/// repeats the same shapes every step, so exact lengths find a match from the second step on.
/// Only <see cref="StorageScope"/> feeds it (a scope's storages come back here when it ends) and
/// only allocations inside a scope draw from it; everything else is left to the GC.
/// </summary>
/// <remarks>
/// Why a pool at all: a fresh large array (over 85,000 bytes) goes to the large-object heap, and
/// allocating a few megabytes of them triggers a gen-2 collection. On the reference machine a loop
/// allocating 4 MB per add ran about 25x slower than adding into a preallocated span.
/// <para>The pool is bounded by <see cref="MaxPooledBytes"/>: an array that would push the free
/// bytes past it is dropped to the GC instead. It is thread-safe (one lock, taken once per op).</para>
/// </remarks>
public static class StoragePool
{
    /// <summary>The default bound on pooled free bytes: 1 GiB.</summary>
    public const long DefaultMaxPooledBytes = 1L << 30;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<(DType DType, int Length), Stack<Array>> Free = [];
    private static long _maxPooledBytes = DefaultMaxPooledBytes;
    private static long _pooledBytes;
    private static long _rented, _reused, _returned, _dropped;

    /// <summary>
    /// The most bytes of free arrays the pool keeps; arrays returned beyond it are left to the GC.
    /// Lowering it drops free arrays at once until the pool fits. Zero disables pooling.
    /// </summary>
    public static long MaxPooledBytes
    {
        get { lock (Gate) return _maxPooledBytes; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (Gate)
            {
                _maxPooledBytes = value;
                TrimTo(value);
            }
        }
    }

    /// <summary>Bytes held in free arrays right now.</summary>
    public static long PooledBytes { get { lock (Gate) return _pooledBytes; } }

    /// <summary>Counters since the process started (or the last <see cref="ResetStatistics"/>).</summary>
    public static StoragePoolStatistics Statistics
    {
        get { lock (Gate) return new StoragePoolStatistics(_rented, _reused, _returned, _dropped, _pooledBytes); }
    }

    /// <summary>Zeroes the counters of <see cref="Statistics"/> (the pooled arrays stay).</summary>
    public static void ResetStatistics()
    {
        lock (Gate) _rented = _reused = _returned = _dropped = 0;
    }

    /// <summary>Hands every free array to the GC (for example after training, to give the memory back).</summary>
    public static void Clear()
    {
        lock (Gate) TrimTo(0);
    }

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements: a pooled one (with whatever it held)
    /// when there is one, else a new one. The caller clears it if it needs zeros.
    /// </summary>
    internal static Array Rent(DType dtype, int length, out bool reused)
    {
        lock (Gate)
        {
            _rented++;
            if (Free.TryGetValue((dtype, length), out var stack) && stack.TryPop(out var array))
            {
                _reused++;
                _pooledBytes -= Bytes(dtype, length);
                reused = true;
                return array;
            }
        }
        reused = false;
        return NewArray(dtype, length, zeroed: false);
    }

    /// <summary>
    /// Releases each storage (null entries are skipped, and every slot is cleared) and takes back
    /// its array, within the byte bound.
    /// </summary>
    internal static void Release(Span<Storage?> storages)
    {
        lock (Gate)
        {
            for (int i = 0; i < storages.Length; i++)
            {
                var array = storages[i]?.Release();
                storages[i] = null;
                if (array is null) continue;
                var dtype = DTypeOf(array);
                long bytes = Bytes(dtype, array.Length);
                if (_pooledBytes + bytes > _maxPooledBytes)
                {
                    _dropped++;
                    continue;
                }
                var key = (dtype, array.Length);
                if (!Free.TryGetValue(key, out var stack)) Free[key] = stack = new Stack<Array>();
                stack.Push(array);
                _pooledBytes += bytes;
                _returned++;
            }
        }
    }

    /// <summary>A new array; <paramref name="zeroed"/> false lets the runtime skip clearing it.</summary>
    internal static Array NewArray(DType dtype, int length, bool zeroed) => dtype switch
    {
        DType.Float32 => zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => zeroed ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        DType.Int64 => zeroed ? new long[length] : GC.AllocateUninitializedArray<long>(length),
        DType.Bool => zeroed ? new bool[length] : GC.AllocateUninitializedArray<bool>(length),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    private static DType DTypeOf(Array array) => array switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        long[] => DType.Int64,
        bool[] => DType.Bool,
        _ => throw new ArgumentException($"the pool keeps no arrays of {array.GetType().Name}"),
    };

    private static long Bytes(DType dtype, int length) => (long)length * dtype.ElementSize();

    /// <summary>Drops free arrays (largest keys first hold the most bytes, so fewest drops) until at most <paramref name="limit"/> bytes remain.</summary>
    private static void TrimTo(long limit)
    {
        if (_pooledBytes <= limit) return;
        foreach (var (key, stack) in Free.OrderByDescending(e => Bytes(e.Key.DType, e.Key.Length)))
        {
            long bytes = Bytes(key.DType, key.Length);
            while (_pooledBytes > limit && stack.TryPop(out _))
            {
                _pooledBytes -= bytes;
                _dropped++;
            }
            if (_pooledBytes <= limit) break;
        }
        foreach (var key in Free.Where(e => e.Value.Count == 0).Select(e => e.Key).ToList()) Free.Remove(key);
    }
}

/// <summary>
/// Counters of <see cref="StoragePool"/>: <see cref="Rented"/> arrays asked for by scoped
/// allocations, of which <see cref="Reused"/> came from the pool (the rest were new);
/// <see cref="Returned"/> arrays taken back when scopes ended, and <see cref="Dropped"/> ones left
/// to the GC because of the byte bound; <see cref="PooledBytes"/> free bytes held now.
/// </summary>
public readonly record struct StoragePoolStatistics(long Rented, long Reused, long Returned, long Dropped, long PooledBytes)
{
    /// <summary>Arrays the pool had to allocate because none of the right dtype and length was free.</summary>
    public long Allocated => Rented - Reused;
}
