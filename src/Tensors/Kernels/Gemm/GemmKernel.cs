using System.Numerics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// C (+)= A * B for one vector width: BLIS's loop nest around the micro-kernel, the small-size path
/// that skips packing, and the split of C across threads.
/// </summary>
/// <remarks>
/// <para>Blocking (BLIS names): the NC loop cuts B into KC x NC panels (sized for L3), each packed
/// once; the MC loop packs MC x KC blocks of A (sized for L2); inside, each KC x NR micro-panel of
/// B stays in L1 while the micro-kernel sweeps the MR-row panels of A over it.</para>
/// <para>Determinism: k is always cut into the same KC blocks in the same order and each block's
/// sum is added to C in order, whatever path, tile or thread computes an element. Threads own
/// disjoint column (or row) ranges of C, so the thread count changes who computes an element,
/// never how.</para>
/// </remarks>
internal static unsafe class GemmKernel<T, TVec, TOps>
    where T : unmanaged, INumber<T> where TVec : struct where TOps : struct, ISimdOps<TVec, T>
{
    public const int MR = MicroKernel<T, TVec, TOps>.MR;
    public static int NR => MicroKernel<T, TVec, TOps>.NR;

    /// <summary>Depth of a k block: a KC x NR micro-panel of B is 16 KB for 6x16 floats.</summary>
    public static int KC = 256;

    /// <summary>Rows of A packed per block: an MC x KC block of about 144 KB stays in L2.</summary>
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

        bool small = GemmTuning.ForceSmallPath ?? UseSmallPath(c.Rows, c.Columns, a.Columns);
        double work = (double)c.Rows * c.Columns * a.Columns;
        bool splitRows = c.Rows > c.Columns;
        int tiles = splitRows ? (c.Rows + MR - 1) / MR : (c.Columns + NR - 1) / NR;
        int parts = Threading.PartsFor(work, GemmTuning.MinWorkPerThread, threads, tiles);
        if (parts == 1)
        {
            Serial(a, b, c, accumulate, small);
            return;
        }
        Threading.For(parts, new SplitBody(a, b, c, accumulate, small, splitRows, parts, tiles), parts);
    }

    /// <summary>
    /// Packing pays for itself once each packed element is reused enough; below these sizes the
    /// kernel reads A (and a row-major B) in place, as BLIS's "sup" path does.
    /// </summary>
    public static bool UseSmallPath(int m, int n, int k) =>
        m <= GemmTuning.SmallM && n <= GemmTuning.SmallN && k <= GemmTuning.SmallK;

    private readonly struct SplitBody(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, bool small, bool splitRows, int parts, int tiles) : IParallelBody
    {
        public void Invoke(int index)
        {
            int first = (int)((long)tiles * index / parts), end = (int)((long)tiles * (index + 1) / parts);
            if (splitRows)
            {
                int r0 = first * MR, r1 = Math.Min(c.Rows, end * MR);
                Serial(a.Slice(r0, r1 - r0, 0, a.Columns), b, c.Slice(r0, r1 - r0, 0, c.Columns), accumulate, small);
            }
            else
            {
                int j0 = first * NR, j1 = Math.Min(c.Columns, end * NR);
                Serial(a, b.Slice(0, b.Rows, j0, j1 - j0), c.Slice(0, c.Rows, j0, j1 - j0), accumulate, small);
            }
        }
    }

    /// <summary>One thread's share: the packed loop nest or the small path.</summary>
    public static void Serial(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, bool small)
    {
        if (small) SerialSmall(a, b, c, accumulate);
        else SerialPacked(a, b, c, accumulate);
    }

    private static void SerialPacked(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate)
    {
        int m = c.Rows, n = c.Columns, k = a.Columns, nrFull = NR;
        int kcMax = Math.Min(KC, k), ncMax = Math.Min(NC, n), mcMax = Math.Min(MC, m);
        T* bp = PackBuffer.ForB.Get<T>(Packing<T, TVec, TOps>.SizeB(kcMax, ncMax));
        T* ap = PackBuffer.ForA.Get<T>(Packing<T, TVec, TOps>.SizeA(mcMax, kcMax));
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                bool add = accumulate || pc > 0;
                Packing<T, TVec, TOps>.PackB(b.Slice(pc, kc, jc, nc), bp);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    Packing<T, TVec, TOps>.PackA(a.Slice(ic, mc, pc, kc), ap);
                    for (int jr = 0; jr < nc; jr += nrFull)
                    {
                        int nr = Math.Min(nrFull, nc - jr);
                        T* bPanel = bp + jr * kc;
                        T* cColumn = c.At(ic, jc + jr);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            MicroKernel<T, TVec, TOps>.Run(kc, ap + ir * kc, 1, MR, bPanel, nrFull,
                                cColumn + ir * c.RowStride, c.RowStride, c.ColumnStride, Math.Min(MR, mc - ir), nr, add);
                        }
                    }
                }
            }
        }
    }

    private static void SerialSmall(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate)
    {
        int m = c.Rows, n = c.Columns, k = a.Columns, nrFull = NR;
        int fullRows = m / MR * MR;
        int fullColumns = b.ColumnStride == 1 ? n / nrFull * nrFull : 0;
        int kcMax = Math.Min(KC, k);
        // A and a row-major B are read where they lie; only the ragged last panels (and all of a
        // B without unit column stride) are packed, so the kernel never reads past an edge.
        T* bp = fullColumns < n ? PackBuffer.ForB.Get<T>(Packing<T, TVec, TOps>.SizeB(kcMax, n - fullColumns)) : null;
        T* ap = fullRows < m ? PackBuffer.ForA.Get<T>(Packing<T, TVec, TOps>.SizeA(m - fullRows, kcMax)) : null;
        for (int pc = 0; pc < k; pc += KC)
        {
            int kc = Math.Min(KC, k - pc);
            bool add = accumulate || pc > 0;
            if (fullColumns < n) Packing<T, TVec, TOps>.PackB(b.Slice(pc, kc, fullColumns, n - fullColumns), bp);
            if (fullRows < m) Packing<T, TVec, TOps>.PackA(a.Slice(fullRows, m - fullRows, pc, kc), ap);
            for (int jr = 0; jr < n; jr += nrFull)
            {
                int nr = Math.Min(nrFull, n - jr);
                T* bPanel;
                nint bStep;
                if (jr < fullColumns) { bPanel = b.At(pc, jr); bStep = b.RowStride; }
                else { bPanel = bp + (jr - fullColumns) * kc; bStep = nrFull; }
                for (int ir = 0; ir < fullRows; ir += MR)
                {
                    MicroKernel<T, TVec, TOps>.Run(kc, a.At(ir, pc), a.RowStride, a.ColumnStride, bPanel, bStep,
                        c.At(ir, jr), c.RowStride, c.ColumnStride, MR, nr, add);
                }
                if (fullRows < m)
                {
                    MicroKernel<T, TVec, TOps>.Run(kc, ap, 1, MR, bPanel, bStep,
                        c.At(fullRows, jr), c.RowStride, c.ColumnStride, m - fullRows, nr, add);
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
