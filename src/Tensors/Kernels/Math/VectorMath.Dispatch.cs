using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>A one-argument <see cref="VectorMath"/> algorithm, callable at any lane type.</summary>
internal interface ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>
    /// True for kernels too long to inline into the loop templates at all (erf, gelu): every width
    /// then runs as one call per vector, which costs little beside their work, and the kernel
    /// gets a whole JIT inlining budget of its own.
    /// </summary>
    static virtual bool OutOfLine => false;

    static abstract TV Apply<TV>(TV x) where TV : struct, ILane<TV, T>;
}

/// <summary>A two-argument <see cref="VectorMath"/> algorithm (the backward kernels).</summary>
internal interface ILaneFunction2<T> where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc cref="ILaneFunction{T}.OutOfLine"/>
    static virtual bool OutOfLine => false;

    static abstract TV Apply<TV>(TV x, TV y) where TV : struct, ILane<TV, T>;
}

/// <summary>
/// Runs a lane function at each width for the operator structs. Only the width the loops run in
/// their hot loop is inlined; narrower widths (which then only finish a short span) and the
/// scalar form are called out of line. Without this the JIT inlines all four copies of a long
/// polynomial kernel into the loop template, runs out of inlining budget, and leaves calls to
/// tiny helpers inside the hot loop.
/// </summary>
internal static class LaneDispatch<TF, T> where TF : ILaneFunction<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x) => Apply(new ScalarLane<T>(x)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x) => Apply(new Lane128<T>(x)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x) => Apply(new Lane256<T>(x)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x) => Apply(new Lane512<T>(x)).V;

    /// <summary>Inline at the active width (out of line for <see cref="ILaneFunction{T}.OutOfLine"/> kernels at a vector width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Apply<TV>(TV x) where TV : struct, ILane<TV, T> =>
        LaneWidth.IsActive<T, TV>() && !(TF.OutOfLine && TV.Count > 1) ? TF.Apply(x) : Cold(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV Cold<TV>(TV x) where TV : struct, ILane<TV, T> => TF.Apply(x);
}

/// <summary><see cref="LaneDispatch{TF, T}"/> for two-argument functions.</summary>
internal static class LaneDispatch2<TF, T> where TF : ILaneFunction2<T> where T : struct, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Invoke(T x, T y) => Apply(new ScalarLane<T>(x), new ScalarLane<T>(y)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Apply(new Lane128<T>(x), new Lane128<T>(y)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Apply(new Lane256<T>(x), new Lane256<T>(y)).V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Apply(new Lane512<T>(x), new Lane512<T>(y)).V;

    /// <inheritdoc cref="LaneDispatch{TF, T}"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Apply<TV>(TV x, TV y) where TV : struct, ILane<TV, T> =>
        LaneWidth.IsActive<T, TV>() && !(TF.OutOfLine && TV.Count > 1) ? TF.Apply(x, y) : Cold(x, y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV Cold<TV>(TV x, TV y) where TV : struct, ILane<TV, T> => TF.Apply(x, y);
}
