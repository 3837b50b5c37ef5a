using System.Runtime.InteropServices;

namespace MiniTorch.Tensors;

/// <summary>
/// Turns Philox blocks into samples, following the stream layout documented on
/// <see cref="Generator"/>. Work goes in chunks of a stack buffer; a chunk always starts on a
/// block boundary, so every element is a function of the seed and its index alone.
/// </summary>
internal static class RandomStreams
{
    private const int Chunk = 256; // samples per stack buffer; a multiple of 4 keeps chunks block-aligned

    /// <summary>Counter blocks a request of <paramref name="count"/> samples, <paramref name="perBlock"/> to a block, uses.</summary>
    public static ulong Blocks(long count, int perBlock) => (ulong)((count + perBlock - 1) / perBlock);

    /// <summary>Reserves the blocks for <paramref name="count"/> samples of <paramref name="perBlock"/> per block.</summary>
    public static (ulong seed, ulong first) Reserve(Generator? generator, long count, int perBlock) =>
        (generator ?? Generator.Default).Reserve(Blocks(count, perBlock));

    /// <summary>32-bit samples <paramref name="start"/> .. start + destination.Length - 1 (start a multiple of 4).</summary>
    public static void Words32(ulong seed, ulong first, long start, Span<uint> destination)
    {
        ulong block = first + (ulong)(start / 4);
        for (int i = 0; i < destination.Length; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Philox.Block(seed, block);
            int left = destination.Length - i;
            destination[i] = w0;
            if (left > 1) destination[i + 1] = w1;
            if (left > 2) destination[i + 2] = w2;
            if (left > 3) destination[i + 3] = w3;
        }
    }

    /// <summary>64-bit samples <paramref name="start"/> .. start + destination.Length - 1 (start even).</summary>
    public static void Words64(ulong seed, ulong first, long start, Span<ulong> destination)
    {
        ulong block = first + (ulong)(start / 2);
        for (int i = 0; i < destination.Length; i += 2, block++)
        {
            var (w0, w1, w2, w3) = Philox.Block(seed, block);
            destination[i] = (ulong)w1 << 32 | w0;
            if (i + 1 < destination.Length) destination[i + 1] = (ulong)w3 << 32 | w2;
        }
    }

    /// <summary>The top 24 bits as a float in [0, 1 - 2^-24]: exact, so it can never round to 1.</summary>
    public static float UnitFloat(uint word) => (word >> 8) * (1f / (1 << 24));

    /// <summary>The top 53 bits as a double in [0, 1 - 2^-53].</summary>
    public static double UnitDouble(ulong sample) => (sample >> 11) * (1.0 / (1UL << 53));

    /// <summary>low + (high - low) * u for float32, kept below <paramref name="high"/> when rounding would reach it.</summary>
    public static void Uniform(Generator? generator, Span<float> destination, double low, double high)
    {
        var chunks = new SampleChunks<uint>(generator, destination.Length, stackalloc uint[Chunk]);
        while (chunks.Next(out int start, out var w))
            for (int i = 0; i < w.Length; i++)
            {
                float v = (float)(low + (high - low) * UnitFloat(w[i]));
                if (v >= high && high > low) v = float.BitDecrement(v);
                destination[start + i] = v;
            }
    }

    /// <summary>low + (high - low) * u for float64, kept below <paramref name="high"/>.</summary>
    public static void Uniform(Generator? generator, Span<double> destination, double low, double high)
    {
        var chunks = new SampleChunks<ulong>(generator, destination.Length, stackalloc ulong[Chunk]);
        while (chunks.Next(out int start, out var s))
            for (int i = 0; i < s.Length; i++)
            {
                double v = low + (high - low) * UnitDouble(s[i]);
                if (v >= high && high > low) v = double.BitDecrement(high);
                destination[start + i] = v;
            }
    }

    /// <summary>
    /// Standard normals by Box-Muller: pair p uses 64-bit samples 2p (radius, as 1 - u in (0, 1] so
    /// the log is finite) and 2p + 1 (angle); <paramref name="convert"/> rounds to the element type.
    /// </summary>
    public static void Normal<T>(Generator? generator, Span<T> destination, Func<double, T> convert)
    {
        int n = destination.Length;
        // An odd count still draws its last pair's angle.
        var chunks = new SampleChunks<ulong>(generator, n + (n & 1), stackalloc ulong[Chunk]);
        while (chunks.Next(out int start, out var s))
            for (int i = 0; i < s.Length; i += 2)
            {
                double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - UnitDouble(s[i])));
                var (sin, cos) = Math.SinCos(2.0 * Math.PI * UnitDouble(s[i + 1]));
                destination[start + i] = convert(radius * cos);
                if (start + i + 1 < n) destination[start + i + 1] = convert(radius * sin);
            }
    }

    /// <summary>
    /// Integers in [low, high): low + floor(sample * range / 2^64). The multiply-high mapping needs
    /// one sample per element (so elements stay index-addressable); its bias is below range / 2^64.
    /// </summary>
    public static void Integers(Generator? generator, Span<long> destination, long low, long high)
    {
        ulong range = unchecked((ulong)high - (ulong)low);
        var chunks = new SampleChunks<ulong>(generator, destination.Length, stackalloc ulong[Chunk]);
        while (chunks.Next(out int start, out var s))
            for (int i = 0; i < s.Length; i++)
                destination[start + i] = unchecked(low + (long)Math.BigMul(s[i], range, out _));
    }

    /// <summary>True with probability <paramref name="p"/>: the 53-bit uniform is below p.</summary>
    public static void Bernoulli(Generator? generator, Span<bool> destination, double p)
    {
        var chunks = new SampleChunks<ulong>(generator, destination.Length, stackalloc ulong[Chunk]);
        while (chunks.Next(out int start, out var s))
            for (int i = 0; i < s.Length; i++) destination[start + i] = UnitDouble(s[i]) < p;
    }

    /// <summary>
    /// Fisher-Yates from the back: 64-bit sample m (m = 0 .. n-2) drives step k = n-1-m, which
    /// swaps slot k with slot floor(sample_m * (k + 1) / 2^64).
    /// </summary>
    public static int[] Permutation(Generator? generator, int n)
    {
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        var chunks = new SampleChunks<ulong>(generator, n, stackalloc ulong[Chunk]);
        while (chunks.Next(out int start, out var s))
            for (int i = 0; i < s.Length; i++)
            {
                int k = n - 1 - (start + i);
                if (k == 0) continue;
                int j = (int)Math.BigMul(s[i], (ulong)(k + 1), out _);
                (perm[k], perm[j]) = (perm[j], perm[k]);
            }
        return perm;
    }

    /// <summary>
    /// Reserves the blocks for <c>count</c> samples of one request, then hands them out a buffer at
    /// a time: 32-bit words (4 per block) for <c>uint</c>, 64-bit samples (2 per block) for <c>ulong</c>.
    /// </summary>
    private ref struct SampleChunks<T> where T : unmanaged
    {
        private readonly Span<T> _buffer;
        private readonly ulong _seed, _first;
        private readonly int _count;
        private int _start;

        public SampleChunks(Generator? generator, int count, Span<T> buffer)
        {
            (_seed, _first) = Reserve(generator, count, typeof(T) == typeof(uint) ? 4 : 2);
            _buffer = buffer;
            _count = count;
        }

        /// <summary>The next run of samples and the index of its first one; false when done.</summary>
        public bool Next(out int start, out ReadOnlySpan<T> samples)
        {
            start = _start;
            int length = Math.Min(_buffer.Length, _count - _start);
            if (length <= 0) { samples = default; return false; }
            var run = _buffer[..length];
            if (typeof(T) == typeof(uint)) Words32(_seed, _first, start, MemoryMarshal.Cast<T, uint>(run));
            else Words64(_seed, _first, start, MemoryMarshal.Cast<T, ulong>(run));
            _start += length;
            samples = run;
            return true;
        }
    }
}
