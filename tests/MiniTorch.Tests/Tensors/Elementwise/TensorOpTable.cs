using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>A tensor-level unary op (including tensor-with-scalar forms); <c>Int64</c> when defined for int64.</summary>
public sealed record UnaryTensorOp(string Name, Func<TensorData, TensorData> Apply, bool Int64 = false)
{
    public override string ToString() => Name;
}

/// <summary>A tensor-level binary op; <c>SameShape</c> when it does not broadcast.</summary>
public sealed record BinaryTensorOp(string Name, Func<TensorData, TensorData, TensorData> Apply, bool Int64 = false, bool SameShape = false)
{
    public override string ToString() => Name;
}

/// <summary>The public TensorData surface of the ops in <see cref="KernelTable"/>, plus comparisons and where.</summary>
public static class TensorOpTable
{
    public static readonly UnaryTensorOp[] Unary =
    [
        new("neg", x => x.Neg(), true),
        new("abs", x => x.Abs(), true),
        new("square", x => x.Square(), true),
        new("relu", x => x.Relu(), true),
        new("sqrt", x => x.Sqrt()),
        new("rsqrt", x => x.Rsqrt()),
        new("reciprocal", x => x.Reciprocal()),
        new("leaky_relu", x => x.LeakyRelu(0.1)),
        new("clamp", x => x.Clamp(-0.5, 0.7), true),
        new("clamp_min", x => x.Clamp(min: 0), true),
        new("clamp_max", x => x.Clamp(max: 1), true),
        new("pow_3", x => x.Pow(3.0)),
        new("pow_2", x => x.Pow(2.0)),
        new("pow_0.5", x => x.Pow(0.5)),
        new("pow_-1", x => x.Pow(-1.0)),
        new("pow_1", x => x.Pow(1.0)),
        new("add_scalar", x => x.Add(2.5), true),
        new("sub_scalar", x => x.Sub(1.25), true),
        new("rsub_scalar", x => x.RSub(3), true),
        new("mul_scalar", x => x.Mul(-1.5), true),
        new("div_scalar", x => x.Div(0.75)),
        new("rdiv_scalar", x => x.RDiv(2)),
        new("maximum_scalar", x => x.Maximum(0.25), true),
        new("minimum_scalar", x => x.Minimum(0.25), true),
        new("eq_scalar", x => x.Eq(0), true),
        new("ne_scalar", x => x.Ne(0), true),
        new("lt_scalar", x => x.Lt(0.5), true),
        new("le_scalar", x => x.Le(0.5), true),
        new("gt_scalar", x => x.Gt(-0.5), true),
        new("ge_scalar", x => x.Ge(-0.5), true),
    ];

    public static readonly BinaryTensorOp[] Binary =
    [
        new("add", (a, b) => a.Add(b), true),
        new("sub", (a, b) => a.Sub(b), true),
        new("mul", (a, b) => a.Mul(b), true),
        new("div", (a, b) => a.Div(b)),
        new("maximum", (a, b) => a.Maximum(b), true),
        new("minimum", (a, b) => a.Minimum(b), true),
        new("pow", (a, b) => a.Pow(b)),
        new("eq", (a, b) => a.Eq(b), true),
        new("ne", (a, b) => a.Ne(b), true),
        new("lt", (a, b) => a.Lt(b), true),
        new("le", (a, b) => a.Le(b), true),
        new("gt", (a, b) => a.Gt(b), true),
        new("ge", (a, b) => a.Ge(b), true),
        new("where", (a, b) => TensorData.Where(a.Gt(b.Neg()), a, b), true),
        new("relu_backward", (g, x) => TensorData.ReluBackward(g, x)),
        new("tanh_backward", (g, y) => TensorData.TanhBackward(g, y)),
        new("sigmoid_backward", (g, y) => TensorData.SigmoidBackward(g, y)),
        new("leaky_relu_backward", (g, x) => TensorData.LeakyReluBackward(g, x, 0.2), SameShape: true),
    ];

    public static IEnumerable<(UnaryTensorOp op, DType dtype)> UnaryRows() =>
        Unary.SelectMany(op => DTypesFor(op.Int64).Select(d => (op, d)));

    public static IEnumerable<(BinaryTensorOp op, DType dtype)> BinaryRows() =>
        Binary.SelectMany(op => DTypesFor(op.Int64).Select(d => (op, d)));

    private static DType[] DTypesFor(bool int64) => int64 ? [DType.Float32, DType.Float64, DType.Int64] : [DType.Float32, DType.Float64];
}
