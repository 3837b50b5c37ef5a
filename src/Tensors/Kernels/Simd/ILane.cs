namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// One vector of <typeparamref name="T"/> at one width: the single lane type every kernel family
/// is written against. <see cref="Lane128{T}"/>, <see cref="Lane256{T}"/> and
/// <see cref="Lane512{T}"/> wrap Vector128/256/512, <see cref="ScalarLane{T}"/> is the one-lane
/// width (the reference semantics and the path without SIMD). A kernel is written once, generic
/// over <c>TLane</c>; <see cref="LaneWidth"/> picks the width, and the JIT specializes each struct
/// instantiation and inlines every member, so the abstraction costs nothing at run time.
/// </summary>
/// <remarks>
/// <para>Masks are lanes with all bits set (true) or clear (false). "Bits" members treat each lane
/// as the signed integer of its width (int for float, long for double).</para>
/// <para>Two families need a little more, kept beside them: batch norm widens float32 to double
/// (<see cref="IWideningLane{TSelf}"/>, in Normalization) and max pooling carries int32 indices in
/// float lanes (<see cref="IIndexLane{TSelf}"/>, in Pooling).</para>
/// <para>Arithmetic, mask and bits members are used with float and double only (the scalar lane
/// implements them for those two); memory, <c>Apply</c> and <c>Finish</c> serve any element type
/// the vectors support.</para>
/// </remarks>
internal unsafe interface ILane<TSelf, T> : IWideningLane<TSelf>, IIndexLane<TSelf>
    where TSelf : struct, ILane<TSelf, T>
    where T : struct
{
    /// <summary>Elements per lane vector.</summary>
    static abstract int Count { get; }

    /// <summary>True when this width runs in hardware for <typeparamref name="T"/> (always for the scalar lane).</summary>
    static abstract bool IsAccelerated { get; }

    static abstract TSelf Zero { get; }

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    /// <summary>Every lane set to <paramref name="value"/> rounded to T (float or double): the constants of the math kernels.</summary>
    static abstract TSelf Constant(double value);

    /// <summary>Every lane set to the bit pattern <paramref name="bits"/> (truncated to the lane width).</summary>
    static abstract TSelf FromBits(long bits);

    // Memory.

    static abstract TSelf Load(ref T source, nuint index);
    static abstract void Store(TSelf value, ref T destination, nuint index);

    /// <summary>Loads from pinned memory (GEMM, pooling, normalization); the pointer is to elements of T.</summary>
    static abstract TSelf Load(void* source);
    static abstract void Store(TSelf value, void* destination);

    // The operator structs, at this width: each call selects the matching Invoke overload.

    static abstract TSelf Apply<TOp>(TSelf x) where TOp : IUnaryOperator<T>;
    static abstract TSelf Apply<TOp>(TSelf x, TSelf y) where TOp : IBinaryOperator<T>;
    static abstract TSelf Apply<TOp>(TSelf x, TSelf y, TSelf z) where TOp : ITernaryOperator<T>;

    /// <summary>Folds the lanes of a vector of partial results into one value (the scalar lane is its own result).</summary>
    static abstract T Finish<TOp>(TSelf x) where TOp : IAggregationOperator<T>;

    /// <summary>The sum of the lanes, in a fixed order.</summary>
    static abstract T Sum(TSelf x);

    /// <summary>Lanes below <paramref name="firstKept"/> take <paramref name="fill"/>'s lanes (masks an overlapping tail).</summary>
    static abstract TSelf KeepFrom(TSelf x, int firstKept, TSelf fill);

    // Arithmetic (float and double).

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a);
    static abstract TSelf operator &(TSelf a, TSelf b);
    static abstract TSelf operator |(TSelf a, TSelf b);
    static abstract TSelf operator ^(TSelf a, TSelf b);
    static abstract TSelf operator ~(TSelf a);

    /// <summary>a * b + c, fused exactly when <see cref="LaneWidth.UseFma"/> says so, at every width alike.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>IEEE 754:2019 maximum: NaN propagates, +0 is greater than -0 (torch.maximum).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Abs(TSelf a);

    // Masks.

    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);
    static abstract TSelf LessThan(TSelf a, TSelf b);
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);
    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    static abstract TSelf Equal(TSelf a, TSelf b);
    static abstract TSelf IsNaN(TSelf a);
    /// <summary>True when any lane of the mask is set (used to skip rare slow paths).</summary>
    static abstract bool Any(TSelf mask);

    // Bits: each lane as a signed integer of its width.

    static abstract TSelf AddBits(TSelf a, TSelf b);
    static abstract TSelf SubtractBits(TSelf a, TSelf b);
    static abstract TSelf EqualBits(TSelf a, TSelf b);
    static abstract TSelf GreaterThanBits(TSelf a, TSelf b);
    static abstract TSelf ShiftLeftBits(TSelf a, int count);
    static abstract TSelf ShiftRightLogicalBits(TSelf a, int count);

    /// <summary>Lanes where <paramref name="mask"/> is set get <typeparamref name="TFunc"/> applied one at a time.</summary>
    static abstract TSelf ApplyScalar<TFunc>(TSelf x, TSelf mask, TSelf computed) where TFunc : IScalarFunction<T>;
}

/// <summary>A scalar fallback for lanes a vector algorithm does not cover (huge sin/cos arguments).</summary>
internal interface IScalarFunction<T>
{
    static abstract T Invoke(T x);
}
