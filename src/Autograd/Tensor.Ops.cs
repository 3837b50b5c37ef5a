using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

// The elementwise differentiable ops users call. Each forwards to its primitive in Functions/.
public partial class Tensor
{
    public Tensor Neg() => Fn.Neg.Apply(this);
    public Tensor Exp() => Fn.Exp.Apply(this);
    public Tensor Log() => Fn.Log.Apply(this);
    public Tensor Sqrt() => Fn.Sqrt.Apply(this);
    public Tensor Rsqrt() => Fn.Rsqrt.Apply(this);
    public Tensor Abs() => Fn.Abs.Apply(this);
    public Tensor Tanh() => Fn.Tanh.Apply(this);
    public Tensor Sigmoid() => Fn.Sigmoid.Apply(this);
    public Tensor Relu() => Fn.Relu.Apply(this);
    public Tensor Silu() => Fn.Silu.Apply(this);
    public Tensor Sin() => Fn.Sin.Apply(this);
    public Tensor Cos() => Fn.Cos.Apply(this);
    public Tensor Reciprocal() => Fn.Reciprocal.Apply(this);
    public Tensor Square() => Fn.PowScalar.Apply(this, 2);

    /// <summary>GELU: <paramref name="approximate"/> is "none" (exact, with erf) or "tanh".</summary>
    public Tensor Gelu(string approximate = "none") => Fn.Gelu.Apply(this, approximate);

    public Tensor LeakyRelu(double negativeSlope = 0.01) => Fn.LeakyRelu.Apply(this, negativeSlope);

    /// <summary>x ** exponent for a constant exponent.</summary>
    public Tensor Pow(double exponent) => Fn.PowScalar.Apply(this, exponent);

    /// <summary>x ** exponent elementwise, broadcasting; both operands may require grad.</summary>
    public Tensor Pow(Tensor exponent) => Fn.Pow.Apply(this, exponent);

    /// <summary>Clamps into [min, max] (either bound may be null); the gradient passes where min ≤ x ≤ max.</summary>
    public Tensor Clamp(double? min = null, double? max = null) => Fn.Clamp.Apply(this, min, max);
    public Tensor ClampMin(double min) => Fn.Clamp.Apply(this, min, null);
    public Tensor ClampMax(double max) => Fn.Clamp.Apply(this, null, max);

    public Tensor Add(Tensor other) => AddSub.Apply(this, other, subtract: false);
    public Tensor Sub(Tensor other) => AddSub.Apply(this, other, subtract: true);
    public Tensor Mul(Tensor other) => Fn.Mul.Apply(this, other);
    public Tensor Div(Tensor other) => Fn.Div.Apply(this, other);
    public Tensor Add(double other) => AddScalar.Apply(this, other);
    public Tensor Sub(double other) => AddScalar.Apply(this, -other);
    public Tensor Mul(double other) => ScaleScalar.Apply(this, other, divide: false);
    public Tensor Div(double other) => ScaleScalar.Apply(this, other, divide: true);

    /// <summary>Elementwise maximum, broadcasting; ties split the gradient 0.5/0.5 as in PyTorch.</summary>
    public Tensor Maximum(Tensor other) => MaximumMinimum.Apply(this, other, isMax: true);

    /// <summary>Elementwise minimum, broadcasting; ties split the gradient 0.5/0.5 as in PyTorch.</summary>
    public Tensor Minimum(Tensor other) => MaximumMinimum.Apply(this, other, isMax: false);

    /// <summary>max(x, value): PyTorch's clamp_min, so the gradient passes where x ≥ value.</summary>
    public Tensor Maximum(double value) => ClampMin(value);

    /// <summary>min(x, value): PyTorch's clamp_max, so the gradient passes where x ≤ value.</summary>
    public Tensor Minimum(double value) => ClampMax(value);

    // Comparisons give bool masks outside the graph, like PyTorch's.
    public Tensor Eq(Tensor other) => new(Data.Eq(other.Data));
    public Tensor Ne(Tensor other) => new(Data.Ne(other.Data));
    public Tensor Lt(Tensor other) => new(Data.Lt(other.Data));
    public Tensor Le(Tensor other) => new(Data.Le(other.Data));
    public Tensor Gt(Tensor other) => new(Data.Gt(other.Data));
    public Tensor Ge(Tensor other) => new(Data.Ge(other.Data));
    public Tensor Eq(double other) => new(Data.Eq(other));
    public Tensor Ne(double other) => new(Data.Ne(other));
    public Tensor Lt(double other) => new(Data.Lt(other));
    public Tensor Le(double other) => new(Data.Le(other));
    public Tensor Gt(double other) => new(Data.Gt(other));
    public Tensor Ge(double other) => new(Data.Ge(other));

    public static Tensor operator -(Tensor x) => x.Neg();
    public static Tensor operator +(Tensor a, Tensor b) => AddSub.Apply(a, b, subtract: false);
    public static Tensor operator -(Tensor a, Tensor b) => AddSub.Apply(a, b, subtract: true);
    public static Tensor operator *(Tensor a, Tensor b) => Fn.Mul.Apply(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Fn.Div.Apply(a, b);
    public static Tensor operator +(Tensor a, double b) => AddScalar.Apply(a, b);
    public static Tensor operator +(double a, Tensor b) => AddScalar.Apply(b, a);
    public static Tensor operator -(Tensor a, double b) => AddScalar.Apply(a, -b);
    public static Tensor operator -(double a, Tensor b) => RSubScalar.Apply(b, a);
    public static Tensor operator *(Tensor a, double b) => ScaleScalar.Apply(a, b, divide: false);
    public static Tensor operator *(double a, Tensor b) => ScaleScalar.Apply(b, a, divide: false);
    public static Tensor operator /(Tensor a, double b) => ScaleScalar.Apply(a, b, divide: true);
    public static Tensor operator /(double a, Tensor b) => RDivScalar.Apply(b, a);
}
