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
internal static unsafe class MicroKernel<T, TLane, TRows>
    where T : unmanaged, INumber<T> where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows
{
    public static int MR => TRows.MR;
    public static int NR => 2 * TLane.Count;

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
        int w = TLane.Count;

        TLane c00 = TLane.Zero, c01 = TLane.Zero, c10 = TLane.Zero, c11 = TLane.Zero, c20 = TLane.Zero, c21 = TLane.Zero;
        TLane c30 = TLane.Zero, c31 = TLane.Zero, c40 = TLane.Zero, c41 = TLane.Zero, c50 = TLane.Zero, c51 = TLane.Zero;
        TLane c60 = TLane.Zero, c61 = TLane.Zero, c70 = TLane.Zero, c71 = TLane.Zero;
        for (int k = 0; k < kc; k++)
        {
            TLane b0 = TLane.Load(b), b1 = TLane.Load(b + w);
            TLane t = TLane.Create(*(T*)a0);
            c00 = TLane.MultiplyAdd(t, b0, c00); c01 = TLane.MultiplyAdd(t, b1, c01);
            t = TLane.Create(*(T*)(a0 + rowBytes));
            c10 = TLane.MultiplyAdd(t, b0, c10); c11 = TLane.MultiplyAdd(t, b1, c11);
            t = TLane.Create(*(T*)(a0 + 2 * rowBytes));
            c20 = TLane.MultiplyAdd(t, b0, c20); c21 = TLane.MultiplyAdd(t, b1, c21);
            t = TLane.Create(*(T*)a3);
            c30 = TLane.MultiplyAdd(t, b0, c30); c31 = TLane.MultiplyAdd(t, b1, c31);
            t = TLane.Create(*(T*)(a3 + rowBytes));
            c40 = TLane.MultiplyAdd(t, b0, c40); c41 = TLane.MultiplyAdd(t, b1, c41);
            t = TLane.Create(*(T*)(a3 + 2 * rowBytes));
            c50 = TLane.MultiplyAdd(t, b0, c50); c51 = TLane.MultiplyAdd(t, b1, c51);
            if (eight)
            {
                t = TLane.Create(*(T*)a6);
                c60 = TLane.MultiplyAdd(t, b0, c60); c61 = TLane.MultiplyAdd(t, b1, c61);
                t = TLane.Create(*(T*)(a6 + rowBytes));
                c70 = TLane.MultiplyAdd(t, b0, c70); c71 = TLane.MultiplyAdd(t, b1, c71);
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
        TLane.Store(c00, row); TLane.Store(c01, row + w); row += nrFull;
        TLane.Store(c10, row); TLane.Store(c11, row + w); row += nrFull;
        TLane.Store(c20, row); TLane.Store(c21, row + w); row += nrFull;
        TLane.Store(c30, row); TLane.Store(c31, row + w); row += nrFull;
        TLane.Store(c40, row); TLane.Store(c41, row + w); row += nrFull;
        TLane.Store(c50, row); TLane.Store(c51, row + w);
        if (eight)
        {
            row += nrFull;
            TLane.Store(c60, row); TLane.Store(c61, row + w); row += nrFull;
            TLane.Store(c70, row); TLane.Store(c71, row + w);
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
    private static void StoreRow(TLane v0, TLane v1, T* c, int w, bool add)
    {
        if (add)
        {
            v0 = TLane.Load(c) + v0;
            v1 = TLane.Load(c + w) + v1;
        }
        TLane.Store(v0, c);
        TLane.Store(v1, c + w);
    }
}
