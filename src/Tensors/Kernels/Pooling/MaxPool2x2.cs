using System.Runtime.CompilerServices;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Pooling;

/// <summary>
/// Vectorised float32 max pooling for the common 2x2 window with stride 2, no padding and an even
/// input width. Each pair of input rows is first reduced vertically (lane by lane, along the row)
/// into a scratch row of candidates; the scratch rows of a plane then lie end to end with every
/// window's two candidates adjacent, so the horizontal step runs over the whole plane at once,
/// splitting pairs with a narrowing move. The combine rule is associative, so this grouping picks
/// exactly the value and index the sequential scan picks (see <see cref="Combine"/>).
/// </summary>
internal static unsafe class MaxPool2x2
{
    /// <summary>Scratch candidates per plane chunk (values and indices, on the stack).</summary>
    private const int ScratchElements = 2048;

    /// <summary>True when the vector kernel handles this geometry (else the scalar loops do).</summary>
    public static bool Handles(in PoolGeometry g) => g.IsTwoByTwo && g.Width % 2 == 0 && g.Width >= 4 && LaneWidth.ActiveBits > 0;

    public static void Forward(PoolGeometry g, float* input, float* output, long* indices, int parts)
    {
        var planes = new Planes(g, input, output, indices, parts);
        LaneWidth.Run<float, Planes>(ref planes, (nuint)g.Width);
    }

    /// <summary>All planes, split over the threads, at the chosen width (one vector fits in a row: <see cref="Handles"/>).</summary>
    private readonly struct Planes(PoolGeometry g, float* input, float* output, long* indices, int parts) : ILaneKernel<float>
    {
        public void Run<TL>() where TL : struct, ILane<TL, float> =>
            Threading.For(g.Planes, new Body<TL>(g, input, output, indices), parts);
    }

    /// <summary>
    /// The window maximum of two candidates (value, index) under PyTorch's rule, in any grouping:
    /// a NaN beats any number and the NaN with the larger index wins; otherwise the larger value
    /// wins and equal values keep the smaller index (the first one visited).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine<TL>(ref TL value, ref TL index, TL otherValue, TL otherIndex) where TL : struct, ILane<TL, float>
    {
        var aNumber = TL.Equal(value, value);
        var bNaN = TL.IsNaN(otherValue);
        var later = TL.GreaterThanBits(otherIndex, index);
        var bigger = TL.GreaterThan(otherValue, value) | (TL.Equal(otherValue, value) & ~later);
        var take = (bNaN & (aNumber | later)) | (aNumber & bigger & ~bNaN);
        value = TL.Select(take, otherValue, value);
        index = TL.Select(take, otherIndex, index);
    }

    private readonly struct Body<TL>(PoolGeometry g, float* input, float* output, long* indices) : IParallelBody
        where TL : struct, ILane<TL, float>
    {
        [SkipLocalsInit]
        public void Invoke(int plane)
        {
            int width = g.Width, outW = g.OutW, n = TL.Count;
            float* x = input + (nint)plane * g.InPlane;
            float* y = output + (nint)plane * g.OutPlane;
            long* idx = indices + (nint)plane * g.OutPlane;
            float* values = stackalloc float[ScratchElements];
            int* candidates = stackalloc int[ScratchElements];
            int rowsPerChunk = Math.Max(1, ScratchElements / width);
            for (int first = 0; first < g.OutH; first += rowsPerChunk)
            {
                int rows = Math.Min(rowsPerChunk, g.OutH - first);
                for (int r = 0; r < rows; r++)
                {
                    // Vertical: pixel (2oh, w) against (2oh+1, w); the last vector overlaps the one before.
                    int top = 2 * (first + r) * width;
                    float* r0 = x + top;
                    float* v = values + r * width;
                    int* c = candidates + r * width;
                    for (int j = 0; ; j += n)
                    {
                        if (j > width - n) j = width - n;
                        TL best = TL.Load(r0 + j), at = TL.Sequence(top + j, 1);
                        Combine(ref best, ref at, TL.Load(r0 + width + j), TL.AddBits(at, TL.FromBits(width)));
                        TL.Store(best, v + j);
                        TL.Store(at, c + j);
                        if (j == width - n) break;
                    }
                }
                // Horizontal: candidates 2k and 2k+1 of the chunk are one window (width is even).
                int count = rows * outW;
                float* yo = y + first * outW;
                long* io = idx + first * outW;
                if (count < n)
                {
                    for (int k = 0; k < count; k++) Scalar(values, candidates, k, yo, io);
                    continue;
                }
                for (int k = 0; ; k += n)
                {
                    if (k > count - n) k = count - n;
                    TL.Deinterleave(TL.Load(values + 2 * k), TL.Load(values + 2 * k + n), out var best, out var second);
                    TL.Deinterleave(TL.Load(candidates + 2 * k), TL.Load(candidates + 2 * k + n), out var at, out var secondAt);
                    Combine(ref best, ref at, second, secondAt);
                    TL.Store(best, yo + k);
                    TL.StoreWidened(at, io + k);
                    if (k == count - n) break;
                }
            }
        }

        /// <summary>Window k of a chunk too short for one vector, by the same rule.</summary>
        private static void Scalar(float* values, int* candidates, int k, float* y, long* idx)
        {
            float a = values[2 * k], b = values[2 * k + 1];
            int ia = candidates[2 * k], ib = candidates[2 * k + 1];
            bool take = float.IsNaN(b) ? float.IsNaN(a) ? ib > ia : true
                : !float.IsNaN(a) && (b > a || (b == a && ib < ia));
            y[k] = take ? b : a;
            idx[k] = take ? ib : ia;
        }
    }
}
