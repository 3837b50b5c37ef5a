using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Loop templates over contiguous spans, one per loop shape (unary, binary vector-vector,
/// vector-scalar, scalar-vector, ternary). Each picks the widest accelerated vector, runs whole
/// vectors, and finishes with one overlapping vector whose input is loaded before any store, so
/// the destination may be the same span as an input (in place). Spans shorter than one vector
/// take the scalar loop.
/// </summary>
public static class ElementwiseLoops
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where T : struct where TOp : IUnaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
            {
                nuint w = (nuint)Vector512<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector512.LoadUnsafe(ref xr, last));
                for (; i < last; i += w) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
            {
                nuint w = (nuint)Vector256<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector256.LoadUnsafe(ref xr, last));
                for (; i < last; i += w) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
            {
                nuint w = (nuint)Vector128<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector128.LoadUnsafe(ref xr, last));
                for (; i < last; i += w) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i));
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
            {
                nuint w = (nuint)Vector512<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector512.LoadUnsafe(ref xr, last), Vector512.LoadUnsafe(ref yr, last));
                for (; i < last; i += w) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
            {
                nuint w = (nuint)Vector256<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector256.LoadUnsafe(ref xr, last), Vector256.LoadUnsafe(ref yr, last));
                for (; i < last; i += w) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
            {
                nuint w = (nuint)Vector128<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector128.LoadUnsafe(ref xr, last), Vector128.LoadUnsafe(ref yr, last));
                for (; i < last; i += w) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>destination[i] = op(x[i], y) with a broadcast scalar y.</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
        => VectorScalar<T, ScalarRight<T, TOp>>(x, y, destination);

    /// <summary>destination[i] = op(x, y[i]) with a broadcast scalar x.</summary>
    public static void Binary<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
        => VectorScalar<T, ScalarLeft<T, TOp>>(y, x, destination);

    // The scalar forms share one loop: the vector operand streams, the scalar is splatted once.
    private static void VectorScalar<T, TOp>(ReadOnlySpan<T> v, T s, Span<T> destination)
        where T : struct where TOp : IScalarBinary<T>
    {
        CheckLength(v.Length, destination.Length);
        ref T vr = ref MemoryMarshal.GetReference(v);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)v.Length, i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
            {
                nuint w = (nuint)Vector512<T>.Count, last = n - w;
                var sv = Vector512.Create(s);
                var tail = TOp.Invoke(Vector512.LoadUnsafe(ref vr, last), sv);
                for (; i < last; i += w) TOp.Invoke(Vector512.LoadUnsafe(ref vr, i), sv).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
            {
                nuint w = (nuint)Vector256<T>.Count, last = n - w;
                var sv = Vector256.Create(s);
                var tail = TOp.Invoke(Vector256.LoadUnsafe(ref vr, last), sv);
                for (; i < last; i += w) TOp.Invoke(Vector256.LoadUnsafe(ref vr, i), sv).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
            {
                nuint w = (nuint)Vector128<T>.Count, last = n - w;
                var sv = Vector128.Create(s);
                var tail = TOp.Invoke(Vector128.LoadUnsafe(ref vr, last), sv);
                for (; i < last; i += w) TOp.Invoke(Vector128.LoadUnsafe(ref vr, i), sv).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref vr, i), s);
    }

    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : struct where TOp : ITernaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        CheckLength(z.Length, destination.Length);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
            {
                nuint w = (nuint)Vector512<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector512.LoadUnsafe(ref xr, last), Vector512.LoadUnsafe(ref yr, last), Vector512.LoadUnsafe(ref zr, last));
                for (; i < last; i += w) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), Vector512.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
            {
                nuint w = (nuint)Vector256<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector256.LoadUnsafe(ref xr, last), Vector256.LoadUnsafe(ref yr, last), Vector256.LoadUnsafe(ref zr, last));
                for (; i < last; i += w) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i), Vector256.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
            {
                nuint w = (nuint)Vector128<T>.Count, last = n - w;
                var tail = TOp.Invoke(Vector128.LoadUnsafe(ref xr, last), Vector128.LoadUnsafe(ref yr, last), Vector128.LoadUnsafe(ref zr, last));
                for (; i < last; i += w) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i), Vector128.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
                tail.StoreUnsafe(ref dr, last);
                return;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), Unsafe.Add(ref zr, i));
    }

    private static void CheckLength(int input, int destination)
    {
        if (input != destination)
            throw new ArgumentException($"kernel operands differ in length: {input} input elements for {destination} destination elements");
    }

    /// <summary>Adapts a binary operator so a splatted scalar can sit on either side.</summary>
    private interface IScalarBinary<T> where T : struct
    {
        static abstract bool Vectorizable { get; }
        static abstract T Invoke(T v, T s);
        static abstract Vector128<T> Invoke(Vector128<T> v, Vector128<T> s);
        static abstract Vector256<T> Invoke(Vector256<T> v, Vector256<T> s);
        static abstract Vector512<T> Invoke(Vector512<T> v, Vector512<T> s);
    }

    /// <summary>op(vector, scalar).</summary>
    private readonly struct ScalarRight<T, TOp> : IScalarBinary<T> where T : struct where TOp : IBinaryOperator<T>
    {
        public static bool Vectorizable => TOp.Vectorizable;
        public static T Invoke(T v, T s) => TOp.Invoke(v, s);
        public static Vector128<T> Invoke(Vector128<T> v, Vector128<T> s) => TOp.Invoke(v, s);
        public static Vector256<T> Invoke(Vector256<T> v, Vector256<T> s) => TOp.Invoke(v, s);
        public static Vector512<T> Invoke(Vector512<T> v, Vector512<T> s) => TOp.Invoke(v, s);
    }

    /// <summary>op(scalar, vector).</summary>
    private readonly struct ScalarLeft<T, TOp> : IScalarBinary<T> where T : struct where TOp : IBinaryOperator<T>
    {
        public static bool Vectorizable => TOp.Vectorizable;
        public static T Invoke(T v, T s) => TOp.Invoke(s, v);
        public static Vector128<T> Invoke(Vector128<T> v, Vector128<T> s) => TOp.Invoke(s, v);
        public static Vector256<T> Invoke(Vector256<T> v, Vector256<T> s) => TOp.Invoke(s, v);
        public static Vector512<T> Invoke(Vector512<T> v, Vector512<T> s) => TOp.Invoke(s, v);
    }
}
