using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels;

// One small struct per operator; the loop templates in ElementwiseLoops call the Invoke that
// matches the machine's widest vector. The scalar Invoke is the reference semantics (NaN, +-0,
// +-inf): every vector width must agree with it.

/// <summary>y = f(x).</summary>
public interface IUnaryOperator<T> where T : struct
{
    /// <summary>False when only the scalar Invoke is meaningful (the loop then never calls the vector ones).</summary>
    static virtual bool Vectorizable => true;
    static abstract T Invoke(T x);
    static abstract Vector128<T> Invoke(Vector128<T> x);
    static abstract Vector256<T> Invoke(Vector256<T> x);
    static abstract Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>z = f(x, y). Operators with a scalar parameter (leaky_relu's slope) take it as y.</summary>
public interface IBinaryOperator<T> where T : struct
{
    static virtual bool Vectorizable => true;
    static abstract T Invoke(T x, T y);
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>w = f(x, y, z), for fused backward kernels and clamp-like ops.</summary>
public interface ITernaryOperator<T> where T : struct
{
    static virtual bool Vectorizable => true;
    static abstract T Invoke(T x, T y, T z);
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, Vector128<T> z);
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> z);
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> z);
}

/// <summary>
/// A reduction: <c>Invoke</c> combines two partial results, <c>Identity</c> starts one, and
/// <c>Finish</c> folds a vector of partials into one value. Combination order depends on the
/// length only, so results are reproducible.
/// </summary>
public interface IAggregationOperator<T> : IBinaryOperator<T> where T : struct
{
    static abstract T Identity { get; }
    static abstract T Finish(Vector128<T> x);
    static abstract T Finish(Vector256<T> x);
    static abstract T Finish(Vector512<T> x);
}

/// <summary>Which vector width the loops use on this machine, for logs and benchmarks.</summary>
public static class VectorPath
{
    /// <summary>The widest accelerated width in bits, or 0 when only scalar code runs.</summary>
    public static int ActiveWidthBits => LaneWidth.ActiveBits;

    public static string Describe() =>
        $"{(ActiveWidthBits == 0 ? "scalar" : $"Vector{ActiveWidthBits}")} on {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";
}
