using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MiniTorch.Tensors.Kernels.Simd;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Loop templates over contiguous spans, one per loop shape (unary, binary vector-vector,
/// vector-scalar, scalar-vector, ternary). Each is written once over the lane type and runs at
/// the widest accelerated width that fits the span (<see cref="LaneWidth"/>): whole vectors, then
/// one overlapping vector whose input is loaded before any store, so the destination may be the
/// same span as an input (in place). Spans shorter than one vector run at the scalar lane.
/// </summary>
public static class ElementwiseLoops
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where T : struct where TOp : IUnaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        var loop = new UnaryLoop<T, TOp>(x, destination);
        LaneWidth.Run<T, UnaryLoop<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        var loop = new BinaryLoop<T, TOp>(x, y, destination);
        LaneWidth.Run<T, BinaryLoop<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    /// <summary>destination[i] = op(x[i], y) with a broadcast scalar y.</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        var loop = new VectorScalarLoop<T, TOp, ScalarRight>(x, y, destination);
        LaneWidth.Run<T, VectorScalarLoop<T, TOp, ScalarRight>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    /// <summary>destination[i] = op(x, y[i]) with a broadcast scalar x.</summary>
    public static void Binary<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(y.Length, destination.Length);
        var loop = new VectorScalarLoop<T, TOp, ScalarLeft>(y, x, destination);
        LaneWidth.Run<T, VectorScalarLoop<T, TOp, ScalarLeft>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : struct where TOp : ITernaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        CheckLength(z.Length, destination.Length);
        var loop = new TernaryLoop<T, TOp>(x, y, z, destination);
        LaneWidth.Run<T, TernaryLoop<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    private static void CheckLength(int input, int destination)
    {
        if (input != destination)
            throw new ArgumentException($"kernel operands differ in length: {input} input elements for {destination} destination elements");
    }

    // Each loop: the last (overlapping) vector is computed first, then whole vectors, then the
    // last one is stored. A span shorter than one lane vector only reaches the scalar lane, whose
    // vector is one element, so n < w means an empty span.

    private readonly ref struct UnaryLoop<T, TOp>(ReadOnlySpan<T> x, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IUnaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            ref T xr = ref MemoryMarshal.GetReference(_x);
            ref T dr = ref MemoryMarshal.GetReference(_destination);
            nuint n = (nuint)_destination.Length, w = (nuint)TL.Count;
            if (n < w) return;
            nuint last = n - w;
            var tail = TL.Apply<TOp>(TL.Load(ref xr, last));
            for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref xr, i)), ref dr, i);
            TL.Store(tail, ref dr, last);
        }
    }

    private readonly ref struct BinaryLoop<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IBinaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            ref T xr = ref MemoryMarshal.GetReference(_x);
            ref T yr = ref MemoryMarshal.GetReference(_y);
            ref T dr = ref MemoryMarshal.GetReference(_destination);
            nuint n = (nuint)_destination.Length, w = (nuint)TL.Count;
            if (n < w) return;
            nuint last = n - w;
            var tail = TL.Apply<TOp>(TL.Load(ref xr, last), TL.Load(ref yr, last));
            for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref xr, i), TL.Load(ref yr, i)), ref dr, i);
            TL.Store(tail, ref dr, last);
        }
    }

    /// <summary>The vector-scalar shapes share one loop: the vector operand streams, the scalar is splatted once.</summary>
    private readonly ref struct VectorScalarLoop<T, TOp, TSide>(ReadOnlySpan<T> v, T s, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IBinaryOperator<T> where TSide : IScalarSide
    {
        private readonly ReadOnlySpan<T> _v = v;
        private readonly T _s = s;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            ref T vr = ref MemoryMarshal.GetReference(_v);
            ref T dr = ref MemoryMarshal.GetReference(_destination);
            nuint n = (nuint)_destination.Length, w = (nuint)TL.Count;
            if (n < w) return;
            nuint last = n - w;
            var s = TL.Create(_s);
            var tail = Apply<TL>(TL.Load(ref vr, last), s);
            for (nuint i = 0; i < last; i += w) TL.Store(Apply<TL>(TL.Load(ref vr, i), s), ref dr, i);
            TL.Store(tail, ref dr, last);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TL Apply<TL>(TL v, TL s) where TL : struct, ILane<TL, T> =>
            TSide.ScalarOnLeft ? TL.Apply<TOp>(s, v) : TL.Apply<TOp>(v, s);
    }

    private readonly ref struct TernaryLoop<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : ITernaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y, _z = z;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            ref T xr = ref MemoryMarshal.GetReference(_x);
            ref T yr = ref MemoryMarshal.GetReference(_y);
            ref T zr = ref MemoryMarshal.GetReference(_z);
            ref T dr = ref MemoryMarshal.GetReference(_destination);
            nuint n = (nuint)_destination.Length, w = (nuint)TL.Count;
            if (n < w) return;
            nuint last = n - w;
            var tail = TL.Apply<TOp>(TL.Load(ref xr, last), TL.Load(ref yr, last), TL.Load(ref zr, last));
            for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref xr, i), TL.Load(ref yr, i), TL.Load(ref zr, i)), ref dr, i);
            TL.Store(tail, ref dr, last);
        }
    }

    /// <summary>Which side of the operator a splatted scalar sits on.</summary>
    private interface IScalarSide
    {
        static abstract bool ScalarOnLeft { get; }
    }

    private readonly struct ScalarRight : IScalarSide
    {
        public static bool ScalarOnLeft => false;
    }

    private readonly struct ScalarLeft : IScalarSide
    {
        public static bool ScalarOnLeft => true;
    }
}
