using System.Numerics;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Autograd.Functions;

// Elementwise unary primitives. Each node is three parts: Apply runs the forward and hands the
// output to Graph.Record; the constructor saves what backward reads (only built when autograd
// records the call); Backward states the derivative, also in the summary. Ops whose derivative
// is cheapest from the output save the output; the others save the input.

/// <summary>y = -x; dx = -g.</summary>
internal sealed class Neg : Node
{
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Neg(), static (_, _) => new Neg());
    protected internal override TensorData?[] Backward(TensorData g) => [g.Neg()];
}

/// <summary>y = e^x; dx = g·y.</summary>
internal sealed class Exp : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Exp(), static (_, y) => new Exp(y));
    private Exp(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value)];
}

/// <summary>y = ln x; dx = g/x.</summary>
internal sealed class Log : Node
{
    private readonly SavedTensor _x;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Log(), static (x, _) => new Log(x.Data));
    private Log(TensorData x) => _x = Save(x);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Div(_x.Value)];
}

/// <summary>y = √x; dx = g / (2y).</summary>
internal sealed class Sqrt : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Sqrt(), static (_, y) => new Sqrt(y));
    private Sqrt(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Div(_y.Value.Mul(2))];
}

/// <summary>y = 1/√x; dx = -g·y³/2.</summary>
internal sealed class Rsqrt : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Rsqrt(), static (_, y) => new Rsqrt(y));
    private Rsqrt(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var y = _y.Value;
        return [g.Mul(y.Square().Mul(y)).Mul(-0.5)];
    }
}

/// <summary>y = |x|; dx = g·sign(x), 0 at x = 0 (PyTorch's abs backward), fused in one pass.</summary>
internal sealed class Abs : Node
{
    private readonly SavedTensor _x;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Abs(), static (x, _) => new Abs(x.Data));
    private Abs(TensorData x) => _x = Save(x);
    protected internal override TensorData?[] Backward(TensorData g) => [TensorData.Zip<Derivative<float>, Derivative<double>>(g, _x.Value)];

    /// <summary>g where x &gt; 0, -g where x &lt; 0, else 0.</summary>
    internal readonly struct Derivative<T> : IBinaryOperator<T> where T : struct, INumber<T>
    {
        public static T Invoke(T g, T x) => x > T.Zero ? g : x < T.Zero ? -g : T.Zero;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> x) =>
            Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), g,
                Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), -g, Vector128<T>.Zero));
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> x) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g,
                Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -g, Vector256<T>.Zero));
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g,
                Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -g, Vector512<T>.Zero));
    }
}

/// <summary>y = sin x; dx = g·cos x.</summary>
internal sealed class Sin : Node
{
    private readonly SavedTensor _x;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Sin(), static (x, _) => new Sin(x.Data));
    private Sin(TensorData x) => _x = Save(x);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_x.Value.Cos())];
}

/// <summary>y = cos x; dx = -g·sin x.</summary>
internal sealed class Cos : Node
{
    private readonly SavedTensor _x;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Cos(), static (x, _) => new Cos(x.Data));
    private Cos(TensorData x) => _x = Save(x);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_x.Value.Sin()).Neg()];
}

/// <summary>y = 1/x; dx = -g·y².</summary>
internal sealed class Reciprocal : Node
{
    private readonly SavedTensor _y;
    public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Reciprocal(), static (_, y) => new Reciprocal(y));
    private Reciprocal(TensorData y) => _y = Save(y);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_y.Value.Square()).Neg()];
}

/// <summary>y = x^e for a constant e; dx = g·e·x^(e-1), and 0 when e = 0.</summary>
internal sealed class PowScalar : Node
{
    private readonly SavedTensor _x;
    private readonly double _exponent;
    public override string Name => "PowBackward0";
    public static Tensor Apply(Tensor x, double exponent) =>
        Graph.Record(x, x.Data.Pow(exponent), exponent, static (x, _, exponent) => new PowScalar(x.Data, exponent));
    private PowScalar(TensorData x, double exponent)
    {
        _x = Save(x);
        _exponent = exponent;
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var x = _x.Value;
        if (_exponent == 0) return [TensorData.ZerosLike(x)];
        return [g.Mul(x.Pow(_exponent - 1).Mul(_exponent))];
    }
}

/// <summary>y = x·m with m a fixed mask already scaled by 1/(1-p) (dropout); dx = g·m.</summary>
internal sealed class MaskedScale : Node
{
    private readonly SavedTensor _mask;
    public override string Name => "MulBackward0";
    public static Tensor Apply(Tensor x, TensorData mask) =>
        Graph.Record(x, x.Data.Mul(mask), mask, static (_, _, mask) => new MaskedScale(mask));
    private MaskedScale(TensorData mask) => _mask = Save(mask);
    protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_mask.Value)];
}
