using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tensors.Kernels.Optim;

// The optimizer updates read and write several spans per element (parameter, gradient and one to
// three state buffers) with a handful of scalar coefficients, which the one-input operator structs
// do not fit. Instead each update is written once, generic over a "lanes" type that supplies the
// arithmetic at one width; the JIT specialises it for Vector512/256/128 and for plain scalars (the
// tail and the reference semantics). Only IEEE-exact operations appear here (no FMA, no
// estimates), so every width produces bit-identical results to the scalar instantiation.

/// <summary>Arithmetic on a vector of <typeparamref name="T"/> of one width.</summary>
internal interface ILanes<TV, T> where TV : struct where T : struct
{
    static abstract nuint Count { get; }
    static abstract TV Load(ref T source, nuint index);
    static abstract void Store(TV value, ref T destination, nuint index);
    static abstract TV Splat(T value);
    static abstract TV Add(TV x, TV y);
    static abstract TV Subtract(TV x, TV y);
    static abstract TV Multiply(TV x, TV y);
    static abstract TV Divide(TV x, TV y);
    static abstract TV Negate(TV x);
    static abstract TV Sqrt(TV x);
    /// <summary>IEEE 754:2019 maximum: NaN propagates, +0 is greater than -0 (torch.maximum).</summary>
    static abstract TV Max(TV x, TV y);
}

internal readonly struct ScalarLanes<T> : ILanes<T, T> where T : struct, IBinaryFloatingPointIeee754<T>
{
    public static nuint Count => 1;
    public static T Load(ref T source, nuint index) => Unsafe.Add(ref source, index);
    public static void Store(T value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value;
    public static T Splat(T value) => value;
    public static T Add(T x, T y) => x + y;
    public static T Subtract(T x, T y) => x - y;
    public static T Multiply(T x, T y) => x * y;
    public static T Divide(T x, T y) => x / y;
    public static T Negate(T x) => -x;
    public static T Sqrt(T x) => T.Sqrt(x);
    public static T Max(T x, T y) => T.Max(x, y);
}

internal readonly struct Lanes128<T> : ILanes<Vector128<T>, T> where T : struct
{
    public static nuint Count => (nuint)Vector128<T>.Count;
    public static Vector128<T> Load(ref T source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    public static void Store(Vector128<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);
    public static Vector128<T> Splat(T value) => Vector128.Create(value);
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;
    public static Vector128<T> Negate(Vector128<T> x) => -x;
    public static Vector128<T> Sqrt(Vector128<T> x) => Vector128.Sqrt(x);
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);
}

internal readonly struct Lanes256<T> : ILanes<Vector256<T>, T> where T : struct
{
    public static nuint Count => (nuint)Vector256<T>.Count;
    public static Vector256<T> Load(ref T source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    public static void Store(Vector256<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);
    public static Vector256<T> Splat(T value) => Vector256.Create(value);
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;
    public static Vector256<T> Negate(Vector256<T> x) => -x;
    public static Vector256<T> Sqrt(Vector256<T> x) => Vector256.Sqrt(x);
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);
}

internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T> where T : struct
{
    public static nuint Count => (nuint)Vector512<T>.Count;
    public static Vector512<T> Load(ref T source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    public static void Store(Vector512<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);
    public static Vector512<T> Splat(T value) => Vector512.Create(value);
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;
    public static Vector512<T> Negate(Vector512<T> x) => -x;
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);
}
