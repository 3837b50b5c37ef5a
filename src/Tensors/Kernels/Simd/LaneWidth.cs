using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MiniTorch.Tensors.Kernels;

/// <summary>A kernel written once over the lane type, for <c>LaneWidth.Run</c> to run at the machine's width.</summary>
internal interface ILaneKernel<T> where T : struct
{
    void Run<TLane>() where TLane : struct, ILane<TLane, T>;
}

/// <summary>
/// The one place that chooses the vector width and decides on FMA. Every kernel family runs its
/// width-generic body through <c>Run</c>; the tests are JIT-time constants,
/// so the ladder folds to a direct call of the chosen instantiation.
/// </summary>
internal static class LaneWidth
{
    /// <summary>
    /// Runs <paramref name="kernel"/> at the widest accelerated lane type whose vector fits in
    /// <paramref name="length"/> elements (Vector512, else Vector256, else Vector128), else at the
    /// scalar lane; always at the scalar lane when <paramref name="vectorize"/> is false (operators
    /// whose vector Invokes are not meaningful).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TKernel>(ref TKernel kernel, nuint length, bool vectorize = true)
        where T : struct where TKernel : ILaneKernel<T>, allows ref struct
    {
        if (!vectorize) kernel.Run<ScalarLane<T>>();
        else if (Fits<T, Lane512<T>>(length)) At<T, Lane512<T>, TKernel>(ref kernel);
        else if (Fits<T, Lane256<T>>(length)) At<T, Lane256<T>, TKernel>(ref kernel);
        else if (Fits<T, Lane128<T>>(length)) At<T, Lane128<T>, TKernel>(ref kernel);
        else At<T, ScalarLane<T>, TKernel>(ref kernel);
    }

    /// <summary>
    /// The active width's body may inline into the caller; a narrower one (a span shorter than a
    /// vector) is called out of line, so the hot loop keeps the JIT's whole inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void At<T, TLane, TKernel>(ref TKernel kernel)
        where T : struct where TLane : struct, ILane<TLane, T> where TKernel : ILaneKernel<T>, allows ref struct
    {
        if (IsActive<T, TLane>()) kernel.Run<TLane>();
        else Cold<T, TLane, TKernel>(ref kernel);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Cold<T, TLane, TKernel>(ref TKernel kernel)
        where T : struct where TLane : struct, ILane<TLane, T> where TKernel : ILaneKernel<T>, allows ref struct =>
        kernel.Run<TLane>();

    /// <summary>Runs <paramref name="kernel"/> at the widest accelerated lane type (the scalar lane without SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TKernel>(ref TKernel kernel)
        where T : struct where TKernel : ILaneKernel<T>, allows ref struct =>
        Run<T, TKernel>(ref kernel, nuint.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fits<T, TLane>(nuint length) where T : struct where TLane : struct, ILane<TLane, T> =>
        TLane.IsAccelerated && length >= (nuint)TLane.Count;

    /// <summary>The width <c>Run</c> picks for long float spans, in bits; 0 when only scalar code runs.</summary>
    public static int ActiveBits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Lane512<float>.IsAccelerated ? 512 : Lane256<float>.IsAccelerated ? 256 : Lane128<float>.IsAccelerated ? 128 : 0;
    }

    /// <summary>True when <typeparamref name="TLane"/> is the width the loops run their long spans at (its code is the hot one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsActive<T, TLane>() where T : struct where TLane : struct, ILane<TLane, T> =>
        ActiveBits == (TLane.Count == 1 ? 0 : TLane.Count * Unsafe.SizeOf<T>() * 8);

    /// <summary>
    /// FMA is used exactly when the hardware has it (x86 FMA3, Arm AdvSimd), for the scalar lane and
    /// every vector width alike, so all widths round identically. Without it (old x86,
    /// DOTNET_EnableAVX2=0) a multiply and an add are used everywhere rather than a slow software FMA.
    /// </summary>
    public static bool UseFma
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    /// <summary><paramref name="value"/> rounded to T (float or double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Constant<T>(double value) where T : struct =>
        typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;
}
