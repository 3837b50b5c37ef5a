using System.Numerics;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Picks the kernel for this machine: the widest accelerated vector (as the elementwise loops do)
/// and 8-row tiles where there are 32 vector registers (AVX-512, Arm NEON), 6-row tiles where
/// there are 16 (AVX2, SSE). Runs single and batched products on pinned memory.
/// </summary>
internal static unsafe class GemmDispatch
{
    /// <summary>Something to do with the kernel chosen for <typeparamref name="T"/>.</summary>
    private interface IKernelAction<T> where T : unmanaged, INumber<T>
    {
        void Run<TVec, TOps, TRows>() where TVec : struct where TOps : struct, ISimdOps<TVec, T> where TRows : struct, IKernelRows;
    }

    /// <summary>True when the JIT may use 32 vector registers (EVEX on x86, any Arm64).</summary>
    private static bool HasThirtyTwoVectorRegisters =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;

    private static void Dispatch<T, TAction>(ref TAction action) where T : unmanaged, INumber<T> where TAction : struct, IKernelAction<T>
    {
        if (Vector512.IsHardwareAccelerated) action.Run<Vector512<T>, Simd512<T>, EightRows>();
        else if (Vector256.IsHardwareAccelerated && HasThirtyTwoVectorRegisters) action.Run<Vector256<T>, Simd256<T>, EightRows>();
        else if (Vector256.IsHardwareAccelerated) action.Run<Vector256<T>, Simd256<T>, SixRows>();
        else if (Vector128.IsHardwareAccelerated && HasThirtyTwoVectorRegisters) action.Run<Vector128<T>, Simd128<T>, EightRows>();
        else if (Vector128.IsHardwareAccelerated) action.Run<Vector128<T>, Simd128<T>, SixRows>();
        else action.Run<T, ScalarOps<T>, SixRows>();
    }

    /// <summary>C (+)= A * B.</summary>
    public static void Multiply<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, int threads)
        where T : unmanaged, INumber<T>
    {
        var action = new MultiplyAction<T>(a, b, c, accumulate, threads);
        Dispatch<T, MultiplyAction<T>>(ref action);
    }

    private readonly struct MultiplyAction<T>(MatrixRef<T> a, MatrixRef<T> b, MatrixRef<T> c, bool accumulate, int threads) : IKernelAction<T>
        where T : unmanaged, INumber<T>
    {
        public void Run<TVec, TOps, TRows>() where TVec : struct where TOps : struct, ISimdOps<TVec, T> where TRows : struct, IKernelRows =>
            GemmKernel<T, TVec, TOps, TRows>.Multiply(a, b, c, accumulate, threads);
    }

    /// <summary>The blocking of the active kernel: micro-tile MR x NR and the KC, MC, NC cache blocks.</summary>
    public static (int MR, int NR, int KC, int MC, int NC) Blocking<T>() where T : unmanaged, INumber<T>
    {
        var action = new BlockingAction<T>();
        Dispatch<T, BlockingAction<T>>(ref action);
        return action.Result;
    }

    private struct BlockingAction<T> : IKernelAction<T> where T : unmanaged, INumber<T>
    {
        public (int, int, int, int, int) Result;

        public void Run<TVec, TOps, TRows>() where TVec : struct where TOps : struct, ISimdOps<TVec, T> where TRows : struct, IKernelRows =>
            Result = (TRows.MR, 2 * TOps.Count, GemmKernel<T, TVec, TOps, TRows>.KC, GemmKernel<T, TVec, TOps, TRows>.MC, GemmKernel<T, TVec, TOps, TRows>.NC);
    }

    /// <summary>Kernel in use, for logs, tests and benchmarks: e.g. "8x32 float32 (Vector512), KC 256, MC 144, NC 4064".</summary>
    public static string Describe<T>() where T : unmanaged, INumber<T>
    {
        string width = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256"
            : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        var b = Blocking<T>();
        return $"{b.MR}x{b.NR} {DTypes.Of<T>().Name()} ({width}), KC {b.KC}, MC {b.MC}, NC {b.NC}";
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
