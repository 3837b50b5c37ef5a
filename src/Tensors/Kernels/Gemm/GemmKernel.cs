using System.Numerics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Gemm;


/// <summary>
/// C (+)= A * B for one kernel shape: BLIS's loop nest around the micro-kernel, the packing plan
/// (small products read their operands in place), and the split of C across threads.
/// </summary>
/// <remarks>
/// <para>Blocking (BLIS names): the NC loop cuts B into KC x NC panels (sized for L3), each packed
/// once; the MC loop walks MC x KC blocks of A (sized for L2; A is read in place); inside, each
/// KC x NR micro-panel of B stays in L1 while the micro-kernel sweeps the MR-row panels of A over it.</para>
/// <para>Determinism: k is always cut into the same KC blocks in the same order and each block's
/// sum is added to C in order, whatever path, tile or thread computes an element. Threads own
/// disjoint column (or row) ranges of C, so the thread count changes who computes an element,
/// never how.</para>
/// </remarks>
internal static unsafe class GemmKernel<T, TLane, TRows>
    where T : unmanaged, INumber<T> where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows
{
    public static int MR => TRows.MR;
    public static int NR => 2 * TLane.Count;

    /// <summary>
    /// Depth of a k block: a KC x NR micro-panel of B is 16 KB for the 6x16 AVX2 float kernel and
    /// 32 KB for the 8x32 AVX-512 one (L1 is 32 KB on Zen 3, 48 KB on Zen 4/5).
    /// </summary>
    public static int KC = 256;

    /// <summary>Rows of A per block: an MC x KC block of about 144 KB stays in L2 while a B panel is swept.</summary>
    public static int MC = Math.Max(MR, 147_456 / (256 * sizeof(T)) / MR * MR);

    /// <summary>Columns of B packed per panel (a KC x NC panel of about 4 MB is sized for L3).</summary>
    public static int NC = Math.Max(NR, 4080 * 4 / sizeof(T) / NR * NR);

    /// <summary>C = A*B, or C += A*B with <paramref name="accumulate"/>, on up to <paramref name="threads"/> threads.</summary>
    public static void Multiply(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, int threads)
    {
        if (c.Rows == 0 || c.Columns == 0) return;
        if (a.Columns == 0)
        {
            if (!accumulate) Fill(c, T.Zero);
            return;
        }
        // Vector stores need a unit column stride in C; with a unit row stride instead, C^T = B^T A^T.
        if (c.ColumnStride != 1 && c.RowStride == 1)
            (a, b, c) = (b.Transposed, a.Transposed, c.Transposed);

        bool packB = PackB(b, c);
        double work = (double)c.Rows * c.Columns * a.Columns;
        bool splitRows = c.Rows > c.Columns;
        int tiles = splitRows ? (c.Rows + MR - 1) / MR : (c.Columns + NR - 1) / NR;
        int parts = Threading.PartsFor(work, GemmTuning.MinWorkPerThread, threads, tiles);
        if (parts == 1)
        {
            Serial(a, b, c, accumulate, packB);
            return;
        }
        Threading.For(parts, new SplitBody(a, b, c, accumulate, packB, splitRows, parts, tiles), parts);
    }

    /// <summary>
    /// Whether to pack B. Packing costs a read and a write of B and pays off when each packed
    /// element is reused often, once per MR rows of A; small products read a row-major B where it
    /// lies, as BLIS's "sup" path does. Measured here (docs/gemm.md): packing B wins from about
    /// 64 rows of A on, or whenever B's row stride is a multiple of 1 KB (rows read in place then
    /// share a few L1 sets). A is never packed whole: the kernel broadcasts single elements of A,
    /// so its layout barely matters, and packing it never measured faster.
    /// </summary>
    public static bool PackB(MatrixRef<T> b, MatrixRef<T> c)
    {
        if (GemmTuning.ForceSmallPath is bool small) return !small;
        bool aliasedB = b.RowStride * sizeof(T) % 1024 == 0 && b.Rows > 16;
        return c.Rows > GemmTuning.PackBMinRows || aliasedB;
    }

    private readonly struct SplitBody(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, bool packB, bool splitRows, int parts, int tiles) : IParallelBody
    {
        public void Invoke(int index)
        {
            int first = (int)((long)tiles * index / parts), end = (int)((long)tiles * (index + 1) / parts);
            if (splitRows)
            {
                int r0 = first * MR, r1 = Math.Min(c.Rows, end * MR);
                Serial(a.Slice(r0, r1 - r0, 0, a.Columns), b, c.Slice(r0, r1 - r0, 0, c.Columns), accumulate, packB);
            }
            else
            {
                int j0 = first * NR, j1 = Math.Min(c.Columns, end * NR);
                Serial(a, b.Slice(0, b.Rows, j0, j1 - j0), c.Slice(0, c.Rows, j0, j1 - j0), accumulate, packB);
            }
        }
    }

    /// <summary>
    /// One thread's share: BLIS's loop nest (NC, KC, MC, NR, MR). A, and B when it is not packed,
    /// are read through their strides, except their ragged last panels, which are packed (zero
    /// padded) so the kernel never reads past an edge.
    /// </summary>
    public static void Serial(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, bool packB)
    {
        int m = c.Rows, n = c.Columns, k = a.Columns, nrFull = NR;
        bool bInPlace = !packB && b.ColumnStride == 1;
        int kcMax = Math.Min(KC, k), ncMax = Math.Min(NC, n);
        T* bp = PackBuffer.ForB.Get<T>(Packing<T, TLane, TRows>.SizeB(kcMax, bInPlace ? nrFull : ncMax));
        T* ap = PackBuffer.ForA.Get<T>(Packing<T, TLane, TRows>.SizeA(MR, kcMax));
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            int fullColumns = bInPlace ? nc / nrFull * nrFull : 0;
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                bool add = accumulate || pc > 0;
                if (fullColumns < nc) Packing<T, TLane, TRows>.PackB(b.Slice(pc, kc, jc + fullColumns, nc - fullColumns), bp);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    int fullRows = mc / MR * MR;
                    if (fullRows < mc) Packing<T, TLane, TRows>.PackA(a.Slice(ic + fullRows, mc - fullRows, pc, kc), ap);
                    for (int jr = 0; jr < nc; jr += nrFull)
                    {
                        int nr = Math.Min(nrFull, nc - jr);
                        bool bHere = jr < fullColumns;
                        T* bPanel = bHere ? b.At(pc, jc + jr) : bp + (jr - fullColumns) * kc;
                        nint bStep = bHere ? b.RowStride : nrFull;
                        T* cColumn = c.At(ic, jc + jr);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            T* cTile = cColumn + ir * c.RowStride;
                            int mr = Math.Min(MR, mc - ir);
                            if (ir < fullRows)
                                MicroKernel<T, TLane, TRows>.Run(kc, a.At(ic + ir, pc), a.RowStride, a.ColumnStride, bPanel, bStep,
                                    cTile, c.RowStride, c.ColumnStride, mr, nr, add);
                            else
                                MicroKernel<T, TLane, TRows>.Run(kc, ap + (ir - fullRows) * kc, 1, MR, bPanel, bStep,
                                    cTile, c.RowStride, c.ColumnStride, mr, nr, add);
                        }
                    }
                }
            }
        }
    }

    private static void Fill(MatrixRef<T> c, T value)
    {
        for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < c.Columns; j++) *c.At(i, j) = value;
    }
}
