using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Pooling;

/// <summary>
/// Vectorised float32 max pooling for the common 2x2 window with stride 2, no padding and an even
/// input width. Each pair of input rows is first reduced vertically (lane by lane, along the row)
/// into a scratch row of candidates; the scratch rows of a plane then lie end to end with every
/// window's two candidates adjacent, so the horizontal step runs over the whole plane at once,
/// splitting pairs with a narrowing move. The combine rule is associative, so this grouping picks
/// exactly the value and index the sequential scan picks (see <see cref="IMaxPoolLanes{TV}.Combine"/>).
/// </summary>
internal static unsafe class MaxPool2x2
{
    /// <summary>Scratch candidates per plane chunk (values and indices, on the stack).</summary>
    private const int ScratchElements = 2048;

    /// <summary>True when the vector kernel handles this geometry (else the scalar loops do).</summary>
    public static bool Handles(in PoolGeometry g) => g.IsTwoByTwo && g.Width % 2 == 0 && g.Width >= 4 && Vector128.IsHardwareAccelerated;

    public static void Forward(PoolGeometry g, float* input, float* output, long* indices, int parts)
    {
        if (Vector512.IsHardwareAccelerated && g.Width >= Vector512<float>.Count)
            Threading.For(g.Planes, new Body<Vector512<float>, MaxPoolLanes512>(g, input, output, indices), parts);
        else if (Vector256.IsHardwareAccelerated && g.Width >= Vector256<float>.Count)
            Threading.For(g.Planes, new Body<Vector256<float>, MaxPoolLanes256>(g, input, output, indices), parts);
        else
            Threading.For(g.Planes, new Body<Vector128<float>, MaxPoolLanes128>(g, input, output, indices), parts);
    }

    private readonly struct Body<TV, TL>(PoolGeometry g, float* input, float* output, long* indices) : IParallelBody
        where TV : struct where TL : struct, IMaxPoolLanes<TV>
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
                        TV best = TL.Load(r0 + j), at = TL.Sequence(top + j, 1);
                        TL.Combine(ref best, ref at, TL.Load(r0 + width + j), TL.AddInt(at, width));
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
                    TL.Combine(ref best, ref at, second, secondAt);
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
