using System.Numerics;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Copies blocks of A and B into the contiguous, zero-padded micro-panels the micro-kernel streams
/// through. Packing is where strides are dealt with: a transposed or strided operand is read
/// through its strides here and never copied as a whole.
/// </summary>
internal static unsafe class Packing<T, TLane, TRows>
    where T : unmanaged, INumber<T> where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows
{
    private static int MR => TRows.MR;
    private static int NR => 2 * TLane.Count;

    /// <summary>Packed size of an m x k block of A: whole MR-row panels.</summary>
    public static nint SizeA(int m, int k) => (nint)((m + MR - 1) / MR) * MR * k;

    /// <summary>Packed size of a k x n block of B: whole NR-column panels.</summary>
    public static nint SizeB(int k, int n) => (nint)((n + NR - 1) / NR) * NR * k;

    /// <summary>
    /// A (m x k) into panels of MR rows: panel p holds, for each k, rows pMR..pMR+MR-1 side by
    /// side (rows past m are zero). Only ragged edge panels are packed (A is otherwise read in
    /// place), so a plain loop suffices.
    /// </summary>
    public static void PackA(MatrixRef<T> a, T* destination)
    {
        int m = a.Rows, k = a.Columns;
        nint rs = a.RowStride, cs = a.ColumnStride;
        for (int i = 0; i < m; i += MR)
        {
            int mr = Math.Min(MR, m - i);
            T* src = a.At(i, 0);
            for (int p = 0; p < k; p++)
            {
                T* d = destination + p * MR;
                for (int r = 0; r < mr; r++) d[r] = src[r * rs + p * cs];
                for (int r = mr; r < MR; r++) d[r] = T.Zero;
            }
            destination += MR * k;
        }
    }

    /// <summary>
    /// B (k x n) into panels of NR columns: panel p holds, for each k, columns pNR..pNR+NR-1
    /// (columns past n are zero).
    /// </summary>
    public static void PackB(MatrixRef<T> b, T* destination)
    {
        int k = b.Rows, n = b.Columns, nrFull = NR, w = TLane.Count;
        nint rs = b.RowStride, cs = b.ColumnStride;
        for (int j = 0; j < n; j += nrFull)
        {
            int nr = Math.Min(nrFull, n - j);
            T* src = b.At(0, j);
            if (nr == nrFull && cs == 1)
            {
                T* d = destination;
                for (int p = 0; p < k; p++, src += rs, d += nrFull)
                {
                    TLane.Store(TLane.Load(src), d);
                    TLane.Store(TLane.Load(src + w), d + w);
                }
            }
            else
            {
                // Four columns at a time: reads run along k (contiguous when B is transposed) in four
                // streams, and each k writes four neighbouring elements of the panel row.
                int c = 0;
                for (; c + 4 <= nr; c += 4)
                {
                    T* s0 = src + c * cs, s1 = s0 + cs, s2 = s1 + cs, s3 = s2 + cs;
                    T* d = destination + c;
                    for (nint p = 0, o = 0; p < k; p++, o += rs, d += nrFull)
                    {
                        d[0] = s0[o];
                        d[1] = s1[o];
                        d[2] = s2[o];
                        d[3] = s3[o];
                    }
                }
                for (; c < nr; c++)
                {
                    T* s = src + c * cs;
                    T* d = destination + c;
                    for (int p = 0; p < k; p++, s += rs, d += nrFull) *d = *s;
                }
                for (int p = 0; p < k; p++)
                    for (int z = nr; z < nrFull; z++) destination[p * nrFull + z] = T.Zero;
            }
            destination += nrFull * k;
        }
    }
}
