using System.Numerics;
using System.Runtime.Intrinsics;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Autograd.Functions;

// Broadcasting binary primitives. Each backward states its derivative in the output's shape;
// BroadcastingNode sums the results back to the input shapes. Inputs that need no gradient get
// none computed (NeedsGrad), and only the operands a derivative reads are saved.

/// <summary>y = a + b or a - b; da = g, db = ±g.</summary>
internal sealed class AddSub : BroadcastingNode
{
    private readonly bool _subtract;
    public override string Name => _subtract ? "SubBackward0" : "AddBackward0";
    public static Tensor Apply(Tensor a, Tensor b, bool subtract) =>
        Graph.Record(a, b, subtract ? a.Data.Sub(b.Data) : a.Data.Add(b.Data), subtract, static (a, b, y, subtract) => new AddSub(a, b, y, subtract));
    private AddSub(Tensor a, Tensor b, TensorData y, bool subtract) : base(y, a.Data, b.Data) => _subtract = subtract;
    protected internal override TensorData?[] Backward(TensorData g) =>
        ToInputShapes(NeedsGrad(0) ? g : null, NeedsGrad(1) ? (_subtract ? g.Neg() : g) : null);
}

/// <summary>y = a·b; da = g·b, db = g·a.</summary>
internal sealed class Mul : BroadcastingNode
{
    private readonly SavedTensor? _a, _b;
    public static Tensor Apply(Tensor a, Tensor b) => Graph.Record(a, b, a.Data.Mul(b.Data), static (a, b, y) => new Mul(a, b, y));
    private Mul(Tensor a, Tensor b, TensorData y) : base(y, a.Data, b.Data)
    {
        if (b.RequiresGrad) _a = Save(a.Data);
        if (a.RequiresGrad) _b = Save(b.Data);
    }
    protected internal override TensorData?[] Backward(TensorData g) =>
        ToInputShapes(NeedsGrad(0) ? g.Mul(_b!.Value) : null, NeedsGrad(1) ? g.Mul(_a!.Value) : null);
}

/// <summary>y = a / b; da = g / b, db = -g·(a/b)/b (PyTorch's order, which keeps float32 close to it).</summary>
internal sealed class Div : BroadcastingNode
{
    private readonly SavedTensor? _a;
    private readonly SavedTensor _b;
    public static Tensor Apply(Tensor a, Tensor b) => Graph.Record(a, b, a.Data.Div(b.Data), static (a, b, y) => new Div(a, b, y));
    private Div(Tensor a, Tensor b, TensorData y) : base(y, a.Data, b.Data)
    {
        if (b.RequiresGrad) _a = Save(a.Data);
        _b = Save(b.Data);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var b = _b.Value;
        return ToInputShapes(NeedsGrad(0) ? g.Div(b) : null, NeedsGrad(1) ? g.Mul(_a!.Value.Div(b).Div(b)).Neg() : null);
    }
}

/// <summary>
/// y = max(a, b) or min(a, b); g goes to the winning input and splits 0.5/0.5 on ties (PyTorch).
/// For min, "a wins" exactly where b would win max(b, a), so one tie-aware operator serves both.
/// </summary>
internal sealed class MaximumMinimum : BroadcastingNode
{
    private readonly SavedTensor _a, _b;
    private readonly bool _isMax;
    public override string Name => _isMax ? "MaximumBackward0" : "MinimumBackward0";
    public static Tensor Apply(Tensor a, Tensor b, bool isMax) =>
        Graph.Record(a, b, isMax ? a.Data.Maximum(b.Data) : a.Data.Minimum(b.Data), isMax, static (a, b, y, isMax) => new MaximumMinimum(a, b, y, isMax));
    private MaximumMinimum(Tensor a, Tensor b, TensorData y, bool isMax) : base(y, a.Data, b.Data)
    {
        _a = Save(a.Data);
        _b = Save(b.Data);
        _isMax = isMax;
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData a = _a.Value, b = _b.Value;
        var (first, second) = _isMax ? (a, b) : (b, a);
        return ToInputShapes(NeedsGrad(0) ? WinnerShare(g, first, second) : null, NeedsGrad(1) ? WinnerShare(g, second, first) : null);
    }

    /// <summary>The part of g owed to <paramref name="winner"/> in max(winner, other).</summary>
    private static TensorData WinnerShare(TensorData g, TensorData winner, TensorData other) =>
        TensorData.Zip<Share<float>, Share<double>>(g, winner, other);

    /// <summary>All of g where a &gt; b (or either is NaN), half on ties, none where a &lt; b.</summary>
    internal readonly struct Share<T> : ITernaryOperator<T> where T : struct, INumber<T>
    {
        private static readonly T Half = T.One / (T.One + T.One);
        public static T Invoke(T g, T a, T b) => a < b ? T.Zero : a == b ? g * Half : g;
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> a, Vector128<T> b) =>
            Vector128.ConditionalSelect(Vector128.LessThan(a, b), Vector128<T>.Zero, Vector128.ConditionalSelect(Vector128.Equals(a, b), g * Vector128.Create(Half), g));
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.LessThan(a, b), Vector256<T>.Zero, Vector256.ConditionalSelect(Vector256.Equals(a, b), g * Vector256.Create(Half), g));
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> a, Vector512<T> b) =>
            Vector512.ConditionalSelect(Vector512.LessThan(a, b), Vector512<T>.Zero, Vector512.ConditionalSelect(Vector512.Equals(a, b), g * Vector512.Create(Half), g));
    }
}

/// <summary>y = a^b; da = g·b·a^(b-1) (0 where b = 0), db = g·a^b·ln a (0 where a = 0 and b ≥ 0).</summary>
internal sealed class Pow : BroadcastingNode
{
    private readonly SavedTensor _a, _b;
    public static Tensor Apply(Tensor a, Tensor b) => Graph.Record(a, b, a.Data.Pow(b.Data), static (a, b, y) => new Pow(a, b, y));
    private Pow(Tensor a, Tensor b, TensorData y) : base(y, a.Data, b.Data)
    {
        _a = Save(a.Data);
        _b = Save(b.Data);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        TensorData a = _a.Value, b = _b.Value;
        return ToInputShapes(
            NeedsGrad(0) ? TensorData.Zip<BaseDerivative<float>, BaseDerivative<double>>(g, a, b) : null,
            NeedsGrad(1) ? TensorData.Zip<ExponentDerivative<float>, ExponentDerivative<double>>(g, a, b) : null);
    }

    // Scalar only: x^y has no vector kernel, so neither has its derivative.

    /// <summary>g·b·a^(b-1), and 0 where b = 0 (PyTorch's pow_backward_self).</summary>
    internal readonly struct BaseDerivative<T> : ITernaryOperator<T> where T : struct, IFloatingPointIeee754<T>
    {
        public static bool Vectorizable => false;
        public static T Invoke(T g, T a, T b) => b == T.Zero ? T.Zero : g * (b * T.Pow(a, b - T.One));
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> a, Vector128<T> b) => throw new NotSupportedException();
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> a, Vector256<T> b) => throw new NotSupportedException();
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> a, Vector512<T> b) => throw new NotSupportedException();
    }

    /// <summary>
    /// g·a^b·ln a, and 0 where a = 0 and b ≥ 0 (PyTorch's pow_backward_exponent: the limit there
    /// is 0, while ln 0 would give NaN or -inf).
    /// </summary>
    internal readonly struct ExponentDerivative<T> : ITernaryOperator<T> where T : struct, IFloatingPointIeee754<T>
    {
        public static bool Vectorizable => false;
        public static T Invoke(T g, T a, T b) => a == T.Zero && b >= T.Zero ? T.Zero : g * (T.Pow(a, b) * T.Log(a));
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> a, Vector128<T> b) => throw new NotSupportedException();
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> a, Vector256<T> b) => throw new NotSupportedException();
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> a, Vector512<T> b) => throw new NotSupportedException();
    }
}

/// <summary>y = condition ? a : b; da = g where condition, db = g elsewhere. The bool condition gets no gradient.</summary>
internal sealed class Where : BroadcastingNode
{
    private readonly SavedTensor _condition;
    public static Tensor Apply(Tensor condition, Tensor a, Tensor b)
    {
        var y = TensorData.Where(condition.Data, a.Data, b.Data);
        // y goes in as args too: the node compares the inputs' shapes with the output's.
        return Graph.Record(condition, a, b, y, y, static (c, a, b, y) => new Where(c, a!, b!, y));
    }
    private Where(Tensor condition, Tensor a, Tensor b, TensorData y) : base(y, a.Data, b.Data) => _condition = Save(condition.Data);
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var c = _condition.Value;
        var zero = g.ScalarLike(0);
        return [null, .. ToInputShapes(NeedsGrad(1) ? TensorData.Where(c, g, zero) : null, NeedsGrad(2) ? TensorData.Where(c, zero, g) : null)];
    }
}
