using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Large contiguous elementwise operations cut into one range per thread. Ranges start at
/// multiples of 64 elements and are at least that long, so every element is computed by the same
/// vector operation as in one serial call (results are identical for every thread count).
/// </summary>
internal static unsafe class ParallelElementwise
{
    /// <summary>Elements per thread below which the fork/join costs more than it saves (docs: performance notes).</summary>
    private const double MinElementsPerThread = 32 * 1024;

    /// <summary>Runs the unary loop on several threads, or returns false when it is too small to split.</summary>
    public static bool TryUnary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, int threads) where T : struct where TOp : IUnaryOperator<T>
    {
        int parts = Threading.PartsFor(destination.Length, MinElementsPerThread, threads);
        if (parts <= 1 || x.Length != destination.Length) return false;
        fixed (byte* px = &Bytes(x), pd = &Bytes<T>(destination))
            Threading.For(parts, new UnaryBody<T, TOp>(px, pd, destination.Length, parts), parts);
        return true;
    }

    /// <summary>Runs the binary loop on several threads, or returns false when it is too small to split.</summary>
    public static bool TryBinary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, int threads) where T : struct where TOp : IBinaryOperator<T>
    {
        int parts = Threading.PartsFor(destination.Length, MinElementsPerThread, threads);
        if (parts <= 1 || x.Length != destination.Length || y.Length != destination.Length) return false;
        fixed (byte* px = &Bytes(x), py = &Bytes(y), pd = &Bytes<T>(destination))
            Threading.For(parts, new BinaryBody<T, TOp>(px, py, pd, destination.Length, parts), parts);
        return true;
    }

    private static ref byte Bytes<T>(ReadOnlySpan<T> span) => ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span));

    /// <summary>Range <paramref name="part"/> of <paramref name="parts"/>, cut at multiples of 64 elements; as a start and a length.</summary>
    private static (int Start, int Length) Range(int n, int part, int parts)
    {
        static int Cut(int n, int k, int parts) => k == parts ? n : (int)((long)n * k / parts / 64 * 64);
        int start = Cut(n, part, parts);
        return (start, Cut(n, part + 1, parts) - start);
    }

    private static Span<T> Slice<T>(byte* data, int start, int length) => new(data + (nint)start * Unsafe.SizeOf<T>(), length);

    private readonly struct UnaryBody<T, TOp>(byte* x, byte* destination, int n, int parts) : IParallelBody where T : struct where TOp : IUnaryOperator<T>
    {
        public void Invoke(int part)
        {
            var (start, length) = Range(n, part, parts);
            ElementwiseLoops.Unary<T, TOp>(Slice<T>(x, start, length), Slice<T>(destination, start, length));
        }
    }

    private readonly struct BinaryBody<T, TOp>(byte* x, byte* y, byte* destination, int n, int parts) : IParallelBody where T : struct where TOp : IBinaryOperator<T>
    {
        public void Invoke(int part)
        {
            var (start, length) = Range(n, part, parts);
            ElementwiseLoops.Binary<T, TOp>(Slice<T>(x, start, length), Slice<T>(y, start, length), Slice<T>(destination, start, length));
        }
    }
}
