using System.Numerics;
using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Autograd;

/// <summary>
/// The fused derivative operators written beside their nodes, run through TensorData.Zip: at every
/// length 0..256 (each vector width's body, its overlapping tail and the scalar loop) the result
/// equals the operator's scalar Invoke element for element, NaN, ±0 and ±inf included.
/// </summary>
public class DerivativeOperatorTests
{
    private static readonly string[] BinaryOps = ["abs", "tanh", "sigmoid", "relu"];

    public static TheoryData<string> Ops() =>
        [.. BinaryOps, "leaky_relu", "clamp_min", "clamp_max", "maximum_share", "pow_base", "pow_exponent"];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Derivative_MatchesScalarInvoke_AtEveryLengthUpTo256(string op)
    {
        bool binary = BinaryOps.Contains(op);
        for (int length = 0; length <= 256; length++)
        {
            Assert.Null(binary ? CheckBinary<float>(op, length) : CheckTernary<float>(op, length));
            Assert.Null(binary ? CheckBinary<double>(op, length) : CheckTernary<double>(op, length));
        }
    }

    private static string? CheckBinary<T>(string op, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(length * 31 + op.Length);
        T[] g = KernelValues.Floating<T>(rng, length), x = KernelValues.Floating<T>(rng, length);
        var (zip, scalar) = op switch
        {
            "abs" => Binary<T, Abs.Derivative<float>, Abs.Derivative<double>, Abs.Derivative<T>>(),
            "tanh" => Binary<T, Tanh.Derivative<float>, Tanh.Derivative<double>, Tanh.Derivative<T>>(),
            "sigmoid" => Binary<T, Sigmoid.Derivative<float>, Sigmoid.Derivative<double>, Sigmoid.Derivative<T>>(),
            _ => Binary<T, Relu.Derivative<float>, Relu.Derivative<double>, Relu.Derivative<T>>(),
        };
        var actual = zip(Data(g), Data(x)).ToArray<T>();
        for (int i = 0; i < length; i++)
            if (!KernelValues.Same(scalar(g[i], x[i]), actual[i]))
                return $"{typeof(T).Name} {op} length {length}, element {i}: expected {scalar(g[i], x[i])}, got {actual[i]}";
        return null;
    }

    private static string? CheckTernary<T>(string op, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(length * 37 + op.Length);
        T[] g = KernelValues.Floating<T>(rng, length), a = KernelValues.Floating<T>(rng, length), b = KernelValues.Floating<T>(rng, length);
        // Ties matter to maximum's share; a constant third operand (slope, bound) is a broadcast 0-d tensor.
        for (int i = 0; i < length; i += 3) b[i] = a[i];
        bool constant = op is "leaky_relu" or "clamp_min" or "clamp_max";
        var (zip, scalar) = op switch
        {
            "leaky_relu" => Ternary<T, LeakyRelu.Derivative<float>, LeakyRelu.Derivative<double>, LeakyRelu.Derivative<T>>(),
            "clamp_min" => Ternary<T, Clamp.AtOrAbove<float>, Clamp.AtOrAbove<double>, Clamp.AtOrAbove<T>>(),
            "clamp_max" => Ternary<T, Clamp.AtOrBelow<float>, Clamp.AtOrBelow<double>, Clamp.AtOrBelow<T>>(),
            "maximum_share" => Ternary<T, MaximumMinimum.Share<float>, MaximumMinimum.Share<double>, MaximumMinimum.Share<T>>(),
            "pow_base" => Ternary<T, Pow.BaseDerivative<float>, Pow.BaseDerivative<double>, Pow.BaseDerivative<T>>(),
            _ => Ternary<T, Pow.ExponentDerivative<float>, Pow.ExponentDerivative<double>, Pow.ExponentDerivative<T>>(),
        };
        var third = constant ? TensorData.Scalar(0.25, Dtype<T>()) : Data(b);
        var actual = zip(Data(g), Data(a), third).ToArray<T>();
        for (int i = 0; i < length; i++)
        {
            var expected = scalar(g[i], a[i], constant ? T.CreateTruncating(0.25) : b[i]);
            if (!KernelValues.Same(expected, actual[i]))
                return $"{typeof(T).Name} {op} length {length}, element {i}: expected {expected}, got {actual[i]}";
        }
        return null;
    }

    private static (Func<TensorData, TensorData, TensorData> Zip, Func<T, T, T> Scalar) Binary<T, TF, TD, TT>()
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TT : IBinaryOperator<T> where T : struct =>
        (TensorData.Zip<TF, TD>, TT.Invoke);

    private static (Func<TensorData, TensorData, TensorData, TensorData> Zip, Func<T, T, T, T> Scalar) Ternary<T, TF, TD, TT>()
        where TF : ITernaryOperator<float> where TD : ITernaryOperator<double> where TT : ITernaryOperator<T> where T : struct =>
        (TensorData.Zip<TF, TD>, TT.Invoke);

    private static TensorData Data<T>(T[] values) where T : unmanaged => TensorData.FromArray(values, values.Length);

    private static DType Dtype<T>() => typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;
}
