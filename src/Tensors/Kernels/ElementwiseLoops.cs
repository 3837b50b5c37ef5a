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

    /// <summary>One loop shape: its destination and the lane vector it computes at an element index.</summary>
    private interface IShape<T> : ILaneKernel<T> where T : struct
    {
        Span<T> Destination { get; }
        TL At<TL>(nuint index) where TL : struct, ILane<TL, T>;
    }

    /// <summary>
    /// The loop every shape runs: the last (overlapping) vector is computed first, then whole
    /// vectors, then the last one is stored. A span shorter than one lane vector only reaches the
    /// scalar lane, whose vector is one element, so n &lt; w means an empty span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Overlapping<T, TL, TShape>(in TShape shape)
        where T : struct where TL : struct, ILane<TL, T> where TShape : IShape<T>, allows ref struct
    {
        ref T dr = ref MemoryMarshal.GetReference(shape.Destination);
        nuint n = (nuint)shape.Destination.Length, w = (nuint)TL.Count;
        if (n < w) return;
        nuint last = n - w;
        var tail = shape.At<TL>(last);
        for (nuint i = 0; i < last; i += w) TL.Store(shape.At<TL>(i), ref dr, i);
        TL.Store(tail, ref dr, last);
    }

    private readonly ref struct UnaryLoop<T, TOp>(ReadOnlySpan<T> x, Span<T> destination) : IShape<T>
        where T : struct where TOp : IUnaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        public Span<T> Destination { get; } = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T> => Overlapping<T, TL, UnaryLoop<T, TOp>>(this);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TL At<TL>(nuint i) where TL : struct, ILane<TL, T> => TL.Apply<TOp>(TL.Load(ref MemoryMarshal.GetReference(_x), i));
    }

    private readonly ref struct BinaryLoop<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) : IShape<T>
        where T : struct where TOp : IBinaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y;
        public Span<T> Destination { get; } = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T> => Overlapping<T, TL, BinaryLoop<T, TOp>>(this);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TL At<TL>(nuint i) where TL : struct, ILane<TL, T> =>
            TL.Apply<TOp>(TL.Load(ref MemoryMarshal.GetReference(_x), i), TL.Load(ref MemoryMarshal.GetReference(_y), i));
    }

    /// <summary>The vector-scalar shapes share one loop: the vector operand streams, the scalar is splatted once per vector.</summary>
    private readonly ref struct VectorScalarLoop<T, TOp, TSide>(ReadOnlySpan<T> v, T s, Span<T> destination) : IShape<T>
        where T : struct where TOp : IBinaryOperator<T> where TSide : IScalarSide
    {
        private readonly ReadOnlySpan<T> _v = v;
        private readonly T _s = s;
        public Span<T> Destination { get; } = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T> => Overlapping<T, TL, VectorScalarLoop<T, TOp, TSide>>(this);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TL At<TL>(nuint i) where TL : struct, ILane<TL, T>
        {
            TL v = TL.Load(ref MemoryMarshal.GetReference(_v), i), s = TL.Create(_s);
            return TSide.ScalarOnLeft ? TL.Apply<TOp>(s, v) : TL.Apply<TOp>(v, s);
        }
    }

    private readonly ref struct TernaryLoop<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination) : IShape<T>
        where T : struct where TOp : ITernaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y, _z = z;
        public Span<T> Destination { get; } = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T> => Overlapping<T, TL, TernaryLoop<T, TOp>>(this);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TL At<TL>(nuint i) where TL : struct, ILane<TL, T> =>
            TL.Apply<TOp>(TL.Load(ref MemoryMarshal.GetReference(_x), i), TL.Load(ref MemoryMarshal.GetReference(_y), i), TL.Load(ref MemoryMarshal.GetReference(_z), i));
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
