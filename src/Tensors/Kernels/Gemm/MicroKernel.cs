using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>Rows of the micro-tile, as a type so the kernel is compiled once per shape.</summary>
internal interface IKernelRows
{
    static abstract int MR { get; }
}

/// <summary>6 rows: 12 accumulators + 2 B vectors + 1 broadcast = 15 registers, for 16-register machines (AVX2, SSE).</summary>
internal readonly struct SixRows : IKernelRows
{
    public static int MR => 6;
}

/// <summary>8 rows: 16 accumulators + 3 = 19 registers, for 32-register machines (AVX-512, NEON).</summary>
internal readonly struct EightRows : IKernelRows
{
    public static int MR => 8;
}

/// <summary>
/// The register-blocked inner kernel: an MR x (2 vectors) tile of C held in 2*MR accumulators
/// while k runs, one broadcast of A and two vector loads of B feeding 2*MR fused multiply-adds per
/// step. With 6 rows on AVX2 it is BLIS's 6x16 float kernel (12 accumulators, 15 of the 16 ymm
/// registers, no spills); with 32 vector registers 8 rows fit and waste less on common channel
/// counts (multiples of 8).
/// </summary>
/// <remarks>
/// <para>A is read at <c>a + r*aRow + k*aStep</c> so one kernel serves both a packed panel
/// (aRow = 1, aStep = MR) and a matrix of any strides read in place. B rows are 2 vectors wide at
/// <c>b + k*bStep</c>: a packed panel, or a row-major B read in place.</para>
/// <para>Every element of C gets the same operations wherever its tile lies: accumulators start
/// at zero, run k in order, then are stored (first k block, no accumulation) or added to C. Edge
/// tiles go through a stack tile with the same scalar additions, so results do not depend on the
/// tiling or on how many threads share the work.</para>
/// </remarks>
internal static unsafe class MicroKernel<T, TVec, TOps, TRows>
    where T : unmanaged, INumber<T> where TVec : struct where TOps : struct, ISimdOps<TVec, T> where TRows : struct, IKernelRows
{
    public static int MR => TRows.MR;
    public static int NR => 2 * TOps.Count;

    /// <summary>
    /// Multiplies the MR-row panel of A at <paramref name="a"/> (row r, step k at
    /// <c>a + r*aRow + k*aStep</c>) by the 2-vector-wide panel of B at <paramref name="b"/> (step k
    /// at <c>b + k*bStep</c>) over <paramref name="kc"/> steps, and stores (or, with
    /// <paramref name="add"/>, adds) the top-left <paramref name="mr"/> x <paramref name="nr"/> of
    /// the result to C. All MR rows of A must be readable.
    /// </summary>
    [SkipLocalsInit]
    public static void Run(int kc, T* a, nint aRow, nint aStep, T* b, nint bStep, T* c, nint rsC, nint csC, int mr, int nr, bool add)
    {
        bool eight = TRows.MR == 8;
        // Rows are addressed in threes from one pointer plus a byte stride (x86 base+index*scale),
        // which keeps the loop within the 16 general registers.
        nint rowBytes = aRow * sizeof(T), stepBytes = aStep * sizeof(T);
        byte* a0 = (byte*)a, a3 = (byte*)(a + 3 * aRow), a6 = eight ? (byte*)(a + 6 * aRow) : null;
        int w = TOps.Count;

        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero;
        for (int k = 0; k < kc; k++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec t = TOps.Broadcast(*(T*)a0);
            c00 = TOps.MultiplyAdd(t, b0, c00); c01 = TOps.MultiplyAdd(t, b1, c01);
            t = TOps.Broadcast(*(T*)(a0 + rowBytes));
            c10 = TOps.MultiplyAdd(t, b0, c10); c11 = TOps.MultiplyAdd(t, b1, c11);
            t = TOps.Broadcast(*(T*)(a0 + 2 * rowBytes));
            c20 = TOps.MultiplyAdd(t, b0, c20); c21 = TOps.MultiplyAdd(t, b1, c21);
            t = TOps.Broadcast(*(T*)a3);
            c30 = TOps.MultiplyAdd(t, b0, c30); c31 = TOps.MultiplyAdd(t, b1, c31);
            t = TOps.Broadcast(*(T*)(a3 + rowBytes));
            c40 = TOps.MultiplyAdd(t, b0, c40); c41 = TOps.MultiplyAdd(t, b1, c41);
            t = TOps.Broadcast(*(T*)(a3 + 2 * rowBytes));
            c50 = TOps.MultiplyAdd(t, b0, c50); c51 = TOps.MultiplyAdd(t, b1, c51);
            if (eight)
            {
                t = TOps.Broadcast(*(T*)a6);
                c60 = TOps.MultiplyAdd(t, b0, c60); c61 = TOps.MultiplyAdd(t, b1, c61);
                t = TOps.Broadcast(*(T*)(a6 + rowBytes));
                c70 = TOps.MultiplyAdd(t, b0, c70); c71 = TOps.MultiplyAdd(t, b1, c71);
                a6 += stepBytes;
            }
            a0 += stepBytes;
            a3 += stepBytes;
            b += bStep;
        }

        if (mr == TRows.MR && nr == 2 * w && csC == 1)
        {
            StoreRow(c00, c01, c, w, add); c += rsC;
            StoreRow(c10, c11, c, w, add); c += rsC;
            StoreRow(c20, c21, c, w, add); c += rsC;
            StoreRow(c30, c31, c, w, add); c += rsC;
            StoreRow(c40, c41, c, w, add); c += rsC;
            StoreRow(c50, c51, c, w, add);
            if (eight)
            {
                c += rsC;
                StoreRow(c60, c61, c, w, add); c += rsC;
                StoreRow(c70, c71, c, w, add);
            }
            return;
        }

        // Edge tile (or C with a non-unit column stride): spill to a stack tile, write what exists.
        int nrFull = 2 * w;
        T* tile = stackalloc T[TRows.MR * nrFull];
        T* row = tile;
        TOps.Store(c00, row); TOps.Store(c01, row + w); row += nrFull;
        TOps.Store(c10, row); TOps.Store(c11, row + w); row += nrFull;
        TOps.Store(c20, row); TOps.Store(c21, row + w); row += nrFull;
        TOps.Store(c30, row); TOps.Store(c31, row + w); row += nrFull;
        TOps.Store(c40, row); TOps.Store(c41, row + w); row += nrFull;
        TOps.Store(c50, row); TOps.Store(c51, row + w);
        if (eight)
        {
            row += nrFull;
            TOps.Store(c60, row); TOps.Store(c61, row + w); row += nrFull;
            TOps.Store(c70, row); TOps.Store(c71, row + w);
        }
        for (int r = 0; r < mr; r++)
        {
            T* cr = c + r * rsC;
            T* tr = tile + r * nrFull;
            if (add)
                for (int j = 0; j < nr; j++) cr[j * csC] += tr[j];
            else
                for (int j = 0; j < nr; j++) cr[j * csC] = tr[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(TVec v0, TVec v1, T* c, int w, bool add)
    {
        if (add)
        {
            v0 = TOps.Add(TOps.Load(c), v0);
            v1 = TOps.Add(TOps.Load(c + w), v1);
        }
        TOps.Store(v0, c);
        TOps.Store(v1, c + w);
    }
}
