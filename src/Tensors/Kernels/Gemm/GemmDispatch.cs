using System.Numerics;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Picks the vector width for matrix multiply (the widest accelerated one, as the elementwise
/// loops do) and runs single or batched products on pinned memory.
/// </summary>
internal static unsafe class GemmDispatch
{
    /// <summary>Micro-kernel shape in use, for logs, tests and benchmarks: e.g. "6x16 float32 (Vector256)".</summary>
    public static string Describe<T>() where T : unmanaged, INumber<T>
    {
        string width = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256"
            : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        var b = Blocking<T>();
        return $"{b.MR}x{b.NR} {DTypes.Of<T>().Name()} ({width}), KC {b.KC}, MC {b.MC}, NC {b.NC}";
    }

    /// <summary>The blocking of the active path: micro-tile MR x NR and the KC, MC, NC cache blocks.</summary>
    public static (int MR, int NR, int KC, int MC, int NC) Blocking<T>() where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated) return Blocking<T, Vector512<T>, Simd512<T>>();
        if (Vector256.IsHardwareAccelerated) return Blocking<T, Vector256<T>, Simd256<T>>();
        if (Vector128.IsHardwareAccelerated) return Blocking<T, Vector128<T>, Simd128<T>>();
        return Blocking<T, T, ScalarOps<T>>();
    }

    private static (int, int, int, int, int) Blocking<T, TVec, TOps>()
        where T : unmanaged, INumber<T> where TVec : struct where TOps : struct, ISimdOps<TVec, T> =>
        (GemmKernel<T, TVec, TOps>.MR, GemmKernel<T, TVec, TOps>.NR, GemmKernel<T, TVec, TOps>.KC, GemmKernel<T, TVec, TOps>.MC, GemmKernel<T, TVec, TOps>.NC);

    /// <summary>C (+)= A * B.</summary>
    public static void Multiply<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, int threads)
        where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated) GemmKernel<T, Vector512<T>, Simd512<T>>.Multiply(a, b, c, accumulate, threads);
        else if (Vector256.IsHardwareAccelerated) GemmKernel<T, Vector256<T>, Simd256<T>>.Multiply(a, b, c, accumulate, threads);
        else if (Vector128.IsHardwareAccelerated) GemmKernel<T, Vector128<T>, Simd128<T>>.Multiply(a, b, c, accumulate, threads);
        else GemmKernel<T, T, ScalarOps<T>>.Multiply(a, b, c, accumulate, threads);
    }

    /// <summary>
    /// Independent products, one per entry of <paramref name="cOffsets"/>; product i uses the matrices at element
    /// offsets <c>aOffsets[i]</c>, <c>bOffsets[i]</c>, <c>cOffsets[i]</c> from the given bases.
    /// Small products run one per thread; large ones run one after another, each split over the threads.
    /// </summary>
    public static void MultiplyBatch<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, int[] aOffsets, int[] bOffsets, int[] cOffsets, int threads)
        where T : unmanaged, INumber<T>
    {
        int count = cOffsets.Length;
        double work = (double)c.Rows * c.Columns * a.Columns;
        int parts = Threading.PartsFor(work * count, GemmTuning.MinWorkPerThread, threads, count);
        if (parts > 1 && work < 4 * GemmTuning.MinWorkPerThread)
        {
            Threading.For(count, new BatchBody<T>(a, b, c, aOffsets, bOffsets, cOffsets), parts);
            return;
        }
        for (int i = 0; i < count; i++)
            Multiply(Shift(a, aOffsets[i]), Shift(b, bOffsets[i]), Shift(c, cOffsets[i]), false, threads);
    }

    private static MatrixRef<T> Shift<T>(MatrixRef<T> m, int offset) where T : unmanaged =>
        new(m.Data + offset, m.Rows, m.Columns, m.RowStride, m.ColumnStride);

    private readonly struct BatchBody<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, int[] aOffsets, int[] bOffsets, int[] cOffsets) : IParallelBody
        where T : unmanaged, INumber<T>
    {
        public void Invoke(int i) => Multiply(Shift(a, aOffsets[i]), Shift(b, bOffsets[i]), Shift(c, cOffsets[i]), false, 1);
    }
}
