using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels.Normalization;

// The normalization kernels do their per-element arithmetic in double whatever the element type
// (as the scalar reference does), so a float32 tensor is widened on load and narrowed on store.
// One step handles two double vectors: one float vector, or two double vectors. Only exact IEEE
// operations appear (no FMA), so each element's result is the same at every width.

/// <summary>Double arithmetic over elements of <typeparamref name="T"/> loaded and stored at one vector width.</summary>
internal unsafe interface IWideLanes<TV, T> where TV : struct where T : unmanaged
{
    /// <summary>False when this width is not accelerated; the kernels then run their scalar loops only.</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Elements of T per <see cref="Load"/>: two double vectors' worth.</summary>
    static abstract int Step { get; }

    static abstract void Load(T* source, out TV low, out TV high);
    static abstract void Store(T* destination, TV low, TV high);
    static abstract TV Splat(double value);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract double Sum(TV value);
}

internal readonly unsafe struct Wide128<T> : IWideLanes<Vector128<double>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;
    public static int Step => 2 * Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load(T* source, out Vector128<double> low, out Vector128<double> high)
    {
        if (typeof(T) == typeof(float)) (low, high) = Vector128.Widen(Vector128.Load((float*)source));
        else { low = Vector128.Load((double*)source); high = Vector128.Load((double*)source + Vector128<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<double> low, Vector128<double> high)
    {
        if (typeof(T) == typeof(float)) Vector128.Narrow(low, high).Store((float*)destination);
        else { low.Store((double*)destination); high.Store((double*)destination + Vector128<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Splat(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector128<double> value) => Vector128.Sum(value);
}

internal readonly unsafe struct Wide256<T> : IWideLanes<Vector256<double>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static int Step => 2 * Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load(T* source, out Vector256<double> low, out Vector256<double> high)
    {
        if (typeof(T) == typeof(float)) (low, high) = Vector256.Widen(Vector256.Load((float*)source));
        else { low = Vector256.Load((double*)source); high = Vector256.Load((double*)source + Vector256<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<double> low, Vector256<double> high)
    {
        if (typeof(T) == typeof(float)) Vector256.Narrow(low, high).Store((float*)destination);
        else { low.Store((double*)destination); high.Store((double*)destination + Vector256<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Splat(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector256<double> value) => Vector256.Sum(value);
}

internal readonly unsafe struct Wide512<T> : IWideLanes<Vector512<double>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static int Step => 2 * Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load(T* source, out Vector512<double> low, out Vector512<double> high)
    {
        if (typeof(T) == typeof(float)) (low, high) = Vector512.Widen(Vector512.Load((float*)source));
        else { low = Vector512.Load((double*)source); high = Vector512.Load((double*)source + Vector512<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector512<double> low, Vector512<double> high)
    {
        if (typeof(T) == typeof(float)) Vector512.Narrow(low, high).Store((float*)destination);
        else { low.Store((double*)destination); high.Store((double*)destination + Vector512<double>.Count); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Splat(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector512<double> value) => Vector512.Sum(value);
}
