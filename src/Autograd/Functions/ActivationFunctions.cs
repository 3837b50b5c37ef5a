using System.Numerics;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Autograd.Functions;

// Activation primitives. Where a derivative would be a chain of masks and multiplies, it is one
// small operator struct, Derivative, written under its node and run in a single fused pass by
// TensorData.Zip (the same loop templates and width dispatch as the forward kernels).

/// <summary>y = tanh x; dx = g·(1 - y²).</summary>
internal sealed class Tanh : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Tanh(), static (_, y) => new Tanh(y));
    private Tanh(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.Zip<Derivative<float>, Derivative<double>>(g, _y.Value)];

    /// <summary>g·(1 - y²).</summary>
    internal readonly struct Derivative<T> : IBinaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T y) => g * (T.One - y * y);
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> y) => g * (Vector128<T>.One - y * y);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> y) => g * (Vector256<T>.One - y * y);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => g * (Vector512<T>.One - y * y);
    }
}

/// <summary>y = 1/(1+e^-x); dx = g·y·(1-y).</summary>
internal sealed class Sigmoid : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Sigmoid(), static (_, y) => new Sigmoid(y));
    private Sigmoid(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.Zip<Derivative<float>, Derivative<double>>(g, _y.Value)];

    /// <summary>g·y·(1 - y).</summary>
    internal readonly struct Derivative<T> : IBinaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T y) => g * (y * (T.One - y));
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> y) => g * (y * (Vector128<T>.One - y));
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> y) => g * (y * (Vector256<T>.One - y));
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => g * (y * (Vector512<T>.One - y));
    }
}

/// <summary>y = max(x, 0); dx = g where x &gt; 0, else 0 (PyTorch's threshold_backward).</summary>
internal sealed class Relu : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Relu(), static (_, y) => new Relu(y));
    private Relu(TensorData y) => _y = Save(y); // y > 0 exactly where x > 0, and saving y lets x be freed
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.Zip<Derivative<float>, Derivative<double>>(g, _y.Value)];

    /// <summary>g where y &gt; 0, else 0.</summary>
    internal readonly struct Derivative<T> : IBinaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T y) => y > T.Zero ? g : T.Zero;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<T>.Zero), g, Vector128<T>.Zero);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<T>.Zero), g, Vector256<T>.Zero);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<T>.Zero), g, Vector512<T>.Zero);
    }
}

/// <summary>y = x &gt; 0 ? x : slope·x; dx = g where x &gt; 0, else slope·g.</summary>
internal sealed class LeakyRelu : Node
{
    private readonly SavedTensor _x;
    private readonly double _slope;
    public static Tensor Apply(Tensor x, double negativeSlope) =>
        Graph.Record(x, x.Data.LeakyRelu(negativeSlope), negativeSlope, static (x, _, slope) => new LeakyRelu(x.Data, slope));
    private LeakyRelu(TensorData x, double slope)
    {
        _x = Save(x);
        _slope = slope;
    }
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.Zip<Derivative<float>, Derivative<double>>(g, _x.Value, g.ScalarLike(_slope))];

    /// <summary>g where x &gt; 0, else g·slope.</summary>
    internal readonly struct Derivative<T> : ITernaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T x, T slope) => x > T.Zero ? g : g * slope;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> s) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), g, g * s);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> s) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, g * s);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> s) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g, g * s);
    }
}

/// <summary>y = min(max(x, lo), hi); dx = g where lo ≤ x ≤ hi (inclusive, as PyTorch; NaN x gets 0), else 0.</summary>
internal sealed class Clamp : Node
{
    private readonly SavedTensor _x;
    private readonly double? _min, _max;
    public static Tensor Apply(Tensor x, double? min, double? max) =>
        Graph.Record(x, x.Data.Clamp(min, max), (min, max), static (x, _, bounds) => new Clamp(x.Data, bounds.min, bounds.max));
    private Clamp(TensorData x, double? min, double? max)
    {
        _x = Save(x);
        (_min, _max) = (min, max);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData x = _x.Value, result = g;
        if (_min is double lo) result = TensorData.Zip<AtOrAbove<float>, AtOrAbove<double>>(result, x, g.ScalarLike(lo));
        if (_max is double hi) result = TensorData.Zip<AtOrBelow<float>, AtOrBelow<double>>(result, x, g.ScalarLike(hi));
        return [ReferenceEquals(result, g) ? g.Clone() : result];
    }

    /// <summary>g where x ≥ bound, else 0.</summary>
    internal readonly struct AtOrAbove<T> : ITernaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T x, T bound) => x >= bound ? g : T.Zero;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, b), g, Vector128<T>.Zero);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, b), g, Vector256<T>.Zero);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, b), g, Vector512<T>.Zero);
    }

    /// <summary>g where x ≤ bound, else 0.</summary>
    internal readonly struct AtOrBelow<T> : ITernaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T x, T bound) => x <= bound ? g : T.Zero;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, b), g, Vector128<T>.Zero);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, b), g, Vector256<T>.Zero);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, b), g, Vector512<T>.Zero);
    }
}

/// <summary>
/// y = x·σ(x); dx = g·s·(1 + x·(1 - s)) with s = σ(x). The derivative is the tensor layer's
/// vectorized transcendental kernel (SiluBackwardOperator): it is built from that family's
/// polynomial sigmoid, so it lives beside it and this node runs it in one pass.
/// </summary>
internal sealed class Silu : Node
{
    private readonly SavedTensor _x;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Silu(), static (x, _) => new Silu(x.Data));
    private Silu(TensorData x) => _x = Save(x);
    protected internal override TensorData?[] Backward(TensorData g) =>
        [TensorData.Zip<SiluBackwardOperator<float>, SiluBackwardOperator<double>>(g, _x.Value)];
}

/// <summary>
/// y = x·Φ(x) ("none", exact erf form) or its tanh approximation ("tanh"). dx = g·(Φ(x) + x·φ(x))
/// for "none"; for "tanh", with t = tanh(u), u = √(2/π)(x + 0.044715x³):
/// dx = g·(½(1 + t) + ½x(1 - t²)·√(2/π)(1 + 3·0.044715x²)). Both are the tensor layer's
/// transcendental kernels (GeluBackwardOperator, GeluTanhBackwardOperator), which share the
/// forward's cancellation-free erfc and sigmoid; this node runs them in one pass.
/// </summary>
internal sealed class Gelu : Node
{
    private readonly SavedTensor _x;
    private readonly bool _tanh;
    public static Tensor Apply(Tensor x, string approximate) =>
        Graph.Record(x, x.Data.Gelu(approximate), approximate == "tanh", static (x, _, tanh) => new Gelu(x.Data, tanh));
    private Gelu(TensorData x, bool tanh)
    {
        _x = Save(x);
        _tanh = tanh;
    }
    protected internal override TensorData?[] Backward(TensorData g) =>
    [
        _tanh
            ? TensorData.Zip<GeluTanhBackwardOperator<float>, GeluTanhBackwardOperator<double>>(g, _x.Value)
            : TensorData.Zip<GeluBackwardOperator<float>, GeluBackwardOperator<double>>(g, _x.Value),
    ];
}
