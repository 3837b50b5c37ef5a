using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var loop = new UnaryShape<T, TOp>(x, destination);
        LaneWidth.Run<T, UnaryShape<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        var loop = new BinaryShape<T, TOp>(x, y, destination);
        LaneWidth.Run<T, BinaryShape<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    /// <summary>destination[i] = op(x[i], y) with a broadcast scalar y.</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        var loop = new VectorScalarShape<T, TOp, ScalarRight>(x, y, destination);
        LaneWidth.Run<T, VectorScalarShape<T, TOp, ScalarRight>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    /// <summary>destination[i] = op(x, y[i]) with a broadcast scalar x.</summary>
    public static void Binary<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct where TOp : IBinaryOperator<T>
    {
        CheckLength(y.Length, destination.Length);
        var loop = new VectorScalarShape<T, TOp, ScalarLeft>(y, x, destination);
        LaneWidth.Run<T, VectorScalarShape<T, TOp, ScalarLeft>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : struct where TOp : ITernaryOperator<T>
    {
        CheckLength(x.Length, destination.Length);
        CheckLength(y.Length, destination.Length);
        CheckLength(z.Length, destination.Length);
        var loop = new TernaryShape<T, TOp>(x, y, z, destination);
        LaneWidth.Run<T, TernaryShape<T, TOp>>(ref loop, (nuint)destination.Length, TOp.Vectorizable);
    }

    private static void CheckLength(int input, int destination)
    {
        if (input != destination)
            throw new ArgumentException($"kernel operands differ in length: {input} input elements for {destination} destination elements");
    }

    // One loop per shape, each a method of its own over plain refs (so every width's loop gets the
    // JIT's whole inlining budget and keeps its pointers in registers): the last (overlapping)
    // vector is computed first, then whole vectors, then the last one is stored. A span shorter
    // than one lane vector only reaches the scalar lane, whose vector is one element, so n < w
    // means an empty span.

    private static void UnaryLoop<T, TOp, TL>(ref T x, ref T d, nuint n)
        where T : struct where TOp : IUnaryOperator<T> where TL : struct, ILane<TL, T>
    {
        nuint w = (nuint)TL.Count;
        if (n < w) return;
        nuint last = n - w;
        var tail = TL.Apply<TOp>(TL.Load(ref x, last));
        for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref x, i)), ref d, i);
        TL.Store(tail, ref d, last);
    }

    private static void BinaryLoop<T, TOp, TL>(ref T x, ref T y, ref T d, nuint n)
        where T : struct where TOp : IBinaryOperator<T> where TL : struct, ILane<TL, T>
    {
        nuint w = (nuint)TL.Count;
        if (n < w) return;
        nuint last = n - w;
        var tail = TL.Apply<TOp>(TL.Load(ref x, last), TL.Load(ref y, last));
        for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref x, i), TL.Load(ref y, i)), ref d, i);
        TL.Store(tail, ref d, last);
    }

    /// <summary>The vector-scalar shapes share one loop: the vector operand streams, the scalar is splatted once.</summary>
    private static void VectorScalarLoop<T, TOp, TSide, TL>(ref T v, T scalar, ref T d, nuint n)
        where T : struct where TOp : IBinaryOperator<T> where TSide : IScalarSide where TL : struct, ILane<TL, T>
    {
        nuint w = (nuint)TL.Count;
        if (n < w) return;
        nuint last = n - w;
        var s = TL.Create(scalar);
        var tail = Apply<T, TOp, TSide, TL>(TL.Load(ref v, last), s);
        for (nuint i = 0; i < last; i += w) TL.Store(Apply<T, TOp, TSide, TL>(TL.Load(ref v, i), s), ref d, i);
        TL.Store(tail, ref d, last);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL Apply<T, TOp, TSide, TL>(TL v, TL s)
        where T : struct where TOp : IBinaryOperator<T> where TSide : IScalarSide where TL : struct, ILane<TL, T> =>
        TSide.ScalarOnLeft ? TL.Apply<TOp>(s, v) : TL.Apply<TOp>(v, s);

    private static void TernaryLoop<T, TOp, TL>(ref T x, ref T y, ref T z, ref T d, nuint n)
        where T : struct where TOp : ITernaryOperator<T> where TL : struct, ILane<TL, T>
    {
        nuint w = (nuint)TL.Count;
        if (n < w) return;
        nuint last = n - w;
        var tail = TL.Apply<TOp>(TL.Load(ref x, last), TL.Load(ref y, last), TL.Load(ref z, last));
        for (nuint i = 0; i < last; i += w) TL.Store(TL.Apply<TOp>(TL.Load(ref x, i), TL.Load(ref y, i), TL.Load(ref z, i)), ref d, i);
        TL.Store(tail, ref d, last);
    }

    // The shapes as kernels for LaneWidth: they hold the spans and call their loop at the chosen lane type.

    private readonly ref struct UnaryShape<T, TOp>(ReadOnlySpan<T> x, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IUnaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly Span<T> _d = destination;

        public void Run<TL>() where TL : struct, ILane<TL, T> =>
            UnaryLoop<T, TOp, TL>(ref MemoryMarshal.GetReference(_x), ref MemoryMarshal.GetReference(_d), (nuint)_d.Length);
    }

    private readonly ref struct BinaryShape<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IBinaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y;
        private readonly Span<T> _d = destination;

        public void Run<TL>() where TL : struct, ILane<TL, T> =>
            BinaryLoop<T, TOp, TL>(ref MemoryMarshal.GetReference(_x), ref MemoryMarshal.GetReference(_y), ref MemoryMarshal.GetReference(_d), (nuint)_d.Length);
    }

    private readonly ref struct VectorScalarShape<T, TOp, TSide>(ReadOnlySpan<T> v, T s, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : IBinaryOperator<T> where TSide : IScalarSide
    {
        private readonly ReadOnlySpan<T> _v = v;
        private readonly T _s = s;
        private readonly Span<T> _d = destination;

        public void Run<TL>() where TL : struct, ILane<TL, T> =>
            VectorScalarLoop<T, TOp, TSide, TL>(ref MemoryMarshal.GetReference(_v), _s, ref MemoryMarshal.GetReference(_d), (nuint)_d.Length);
    }

    private readonly ref struct TernaryShape<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination) : ILaneKernel<T>
        where T : struct where TOp : ITernaryOperator<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _y = y, _z = z;
        private readonly Span<T> _d = destination;

        public void Run<TL>() where TL : struct, ILane<TL, T> =>
            TernaryLoop<T, TOp, TL>(ref MemoryMarshal.GetReference(_x), ref MemoryMarshal.GetReference(_y), ref MemoryMarshal.GetReference(_z),
                ref MemoryMarshal.GetReference(_d), (nuint)_d.Length);
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
