using System.Numerics;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// C = A·Bᵀ (or C += A·Bᵀ) as dot products of rows: for a small C (a few rows and columns) whose
/// shared dimension is long and contiguous in both A [m, len] and B [n, len]. The packed GEMM
/// would spend most of its 8x32 tiles on padding there (a 9 x 16 result fills 28% of two tiles);
/// here each 3 x 4 block of C keeps twelve vector accumulators running along the rows, then sums
/// their lanes. Every element is computed by the same operations wherever its block is cut, and
/// the order depends on the lengths only.
/// </summary>
internal static unsafe class RowDots
{
    private const int BlockRows = 3, BlockColumns = 4;

    /// <summary>The fraction of a block grid's slots that hold real results, for choosing between this and the GEMM.</summary>
    public static double Efficiency(int m, int n) =>
        (double)m * n / (RoundUp(m, BlockRows) * RoundUp(n, BlockColumns));

    private static int RoundUp(int x, int step) => (x + step - 1) / step * step;

    /// <summary>c[i, j] (+)= Σ_p a[i, p]·b[j, p]; a and b must have unit column stride.</summary>
    public static void Multiply<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate) where T : unmanaged, INumber<T>
    {
        if (a.ColumnStride != 1 || b.ColumnStride != 1 || a.Columns != b.Columns || c.Rows != a.Rows || c.Columns != b.Rows)
            throw new ArgumentException($"RowDots: a [{a.Rows}, {a.Columns}] and b [{b.Rows}, {b.Columns}] need unit column strides and equal lengths for c [{c.Rows}, {c.Columns}]");
        var blocks = new Blocks<T>(a, b, c, accumulate);
        LaneWidth.Run<T, Blocks<T>>(ref blocks);
    }

    private readonly struct Blocks<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate) : ILaneKernel<T>
        where T : unmanaged, INumber<T>
    {
        public void Run<TLane>() where TLane : struct, ILane<TLane, T>
        {
            for (int i = 0; i < a.Rows; i += BlockRows)
                for (int j = 0; j < b.Rows; j += BlockColumns)
                    Block<T, TLane>(a, b, c, i, j, accumulate);
        }
    }

    /// <summary>
    /// One 3 x 4 block. A ragged block repeats its first row of A or B in the missing places
    /// (the work is wasted, never stored), so there is one loop for every shape.
    /// </summary>
    private static void Block<T, TLane>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, int i, int j, bool accumulate)
        where T : unmanaged, INumber<T> where TLane : struct, ILane<TLane, T>
    {
        int rows = Math.Min(BlockRows, a.Rows - i), columns = Math.Min(BlockColumns, b.Rows - j), length = a.Columns, w = TLane.Count;
        T* a0 = a.At(i, 0), a1 = rows > 1 ? a0 + a.RowStride : a0, a2 = rows > 2 ? a0 + 2 * a.RowStride : a0;
        T* b0 = b.At(j, 0), b1 = columns > 1 ? b0 + b.RowStride : b0, b2 = columns > 2 ? b0 + 2 * b.RowStride : b0, b3 = columns > 3 ? b0 + 3 * b.RowStride : b0;
        TLane c00 = TLane.Zero, c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        int p = 0;
        for (; p <= length - w; p += w)
        {
            TLane x0 = TLane.Load(a0 + p), x1 = TLane.Load(a1 + p), x2 = TLane.Load(a2 + p);
            TLane y = TLane.Load(b0 + p);
            c00 = TLane.MultiplyAdd(x0, y, c00); c10 = TLane.MultiplyAdd(x1, y, c10); c20 = TLane.MultiplyAdd(x2, y, c20);
            y = TLane.Load(b1 + p);
            c01 = TLane.MultiplyAdd(x0, y, c01); c11 = TLane.MultiplyAdd(x1, y, c11); c21 = TLane.MultiplyAdd(x2, y, c21);
            y = TLane.Load(b2 + p);
            c02 = TLane.MultiplyAdd(x0, y, c02); c12 = TLane.MultiplyAdd(x1, y, c12); c22 = TLane.MultiplyAdd(x2, y, c22);
            y = TLane.Load(b3 + p);
            c03 = TLane.MultiplyAdd(x0, y, c03); c13 = TLane.MultiplyAdd(x1, y, c13); c23 = TLane.MultiplyAdd(x2, y, c23);
        }
        Span<T> s =
        [
            TLane.Sum(c00), TLane.Sum(c01), TLane.Sum(c02), TLane.Sum(c03),
            TLane.Sum(c10), TLane.Sum(c11), TLane.Sum(c12), TLane.Sum(c13),
            TLane.Sum(c20), TLane.Sum(c21), TLane.Sum(c22), TLane.Sum(c23),
        ];
        for (; p < length; p++)
        {
            T x0 = a0[p], x1 = a1[p], x2 = a2[p], y0 = b0[p], y1 = b1[p], y2 = b2[p], y3 = b3[p];
            s[0] += x0 * y0; s[1] += x0 * y1; s[2] += x0 * y2; s[3] += x0 * y3;
            s[4] += x1 * y0; s[5] += x1 * y1; s[6] += x1 * y2; s[7] += x1 * y3;
            s[8] += x2 * y0; s[9] += x2 * y1; s[10] += x2 * y2; s[11] += x2 * y3;
        }
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < columns; q++)
            {
                T* target = c.At(i + r, j + q);
                *target = accumulate ? *target + s[r * BlockColumns + q] : s[r * BlockColumns + q];
            }
    }
}
