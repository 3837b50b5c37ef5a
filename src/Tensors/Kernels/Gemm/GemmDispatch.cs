using System.Numerics;
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
        void Run<TLane, TRows>() where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows;
    }

    /// <summary>True when the JIT may use 32 vector registers (EVEX on x86, any Arm64).</summary>
    private static bool HasThirtyTwoVectorRegisters =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;

    private static void Dispatch<T, TAction>(ref TAction action) where T : unmanaged, INumber<T> where TAction : struct, IKernelAction<T>
    {
        var rows = new RowChoice<T, TAction>(ref action);
        LaneWidth.Run<T, RowChoice<T, TAction>>(ref rows);
    }

    /// <summary>Runs the action at the chosen width with the tile height the register file allows.</summary>
    private readonly ref struct RowChoice<T, TAction>(ref TAction action) : ILaneKernel<T>
        where T : unmanaged, INumber<T> where TAction : struct, IKernelAction<T>
    {
        private readonly ref TAction _action = ref action;

        public void Run<TLane>() where TLane : struct, ILane<TLane, T>
        {
            if (HasThirtyTwoVectorRegisters) _action.Run<TLane, EightRows>();
            else _action.Run<TLane, SixRows>();
        }
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
        public void Run<TLane, TRows>() where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows =>
            GemmKernel<T, TLane, TRows>.Multiply(a, b, c, accumulate, threads);
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

        public void Run<TLane, TRows>() where TLane : struct, ILane<TLane, T> where TRows : struct, IKernelRows =>
            Result = (TRows.MR, 2 * TLane.Count, GemmKernel<T, TLane, TRows>.KC, GemmKernel<T, TLane, TRows>.MC, GemmKernel<T, TLane, TRows>.NC);
    }

    /// <summary>Kernel in use, for logs, tests and benchmarks: e.g. "8x32 float32 (Vector512), KC 256, MC 144, NC 4064".</summary>
    public static string Describe<T>() where T : unmanaged, INumber<T>
    {
        string width = LaneWidth.ActiveBits == 0 ? "scalar" : $"Vector{LaneWidth.ActiveBits}";
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
