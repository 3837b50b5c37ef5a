using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Support;

/// <summary>Arithmetic, clamping, powers and the piecewise-linear activations.</summary>
public static partial class OpTable
{
    private static Op[] Arithmetic() =>
    [
        new("neg")
        {
            Kernel = Kernel.Unary<NegateOperator<float>, NegateOperator<double>, NegateOperator<long>>(),
            Forward = Forward.Unary(x => x.Neg(), int64: true),
            Gradient = GradientCases.Unary(x => x.Neg()),
        },
        new("abs")
        {
            Kernel = Kernel.Unary<AbsOperator<float>, AbsOperator<double>, AbsOperator<long>>(),
            Forward = Forward.Unary(x => x.Abs(), int64: true),
            Gradient = GradientCases.Unary(x => x.Abs(), Domain.KinkFree(0)),
        },
        new("square")
        {
            Kernel = Kernel.Unary<SquareOperator<float>, SquareOperator<double>, SquareOperator<long>>(),
            Forward = Forward.Unary(x => x.Square(), int64: true),
        },
        new("relu")
        {
            Kernel = Kernel.Unary<ReluOperator<float>, ReluOperator<double>, ReluOperator<long>>(),
            Forward = Forward.Unary(x => x.Relu(), int64: true),
            Gradient = GradientCases.Unary(x => x.Relu(), Domain.KinkFree(0)),
        },
        new("sqrt")
        {
            Kernel = Kernel.Unary<SqrtOperator<float>, SqrtOperator<double>>(),
            Forward = Forward.Unary(x => x.Sqrt()),
            Gradient = GradientCases.Unary(x => x.Sqrt(), Domain.Positive()),
        },
        new("rsqrt")
        {
            Kernel = Kernel.Unary<RsqrtOperator<float>, RsqrtOperator<double>>(),
            Forward = Forward.Unary(x => x.Rsqrt()),
            Gradient = GradientCases.Unary(x => x.Rsqrt(), Domain.Positive()),
        },
        new("reciprocal")
        {
            Kernel = Kernel.Unary<ReciprocalOperator<float>, ReciprocalOperator<double>>(),
            Forward = Forward.Unary(x => x.Reciprocal()),
            Gradient = GradientCases.Unary(x => x.Reciprocal(), Domain.AwayFromZero),
        },
        new("add")
        {
            Kernel = Kernel.Binary<AddOperator<float>, AddOperator<double>, AddOperator<long>>(),
            Forward = Forward.Binary((a, b) => a.Add(b), int64: true),
            Gradient = GradientCases.Binary((a, b) => a + b),
        },
        new("sub")
        {
            Kernel = Kernel.Binary<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(),
            Forward = Forward.Binary((a, b) => a.Sub(b), int64: true),
            Gradient = GradientCases.Binary((a, b) => a - b),
        },
        new("mul")
        {
            Kernel = Kernel.Binary<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(),
            Forward = Forward.Binary((a, b) => a.Mul(b), int64: true),
            Gradient = GradientCases.Binary((a, b) => a * b),
        },
        new("div")
        {
            Kernel = Kernel.Binary<DivideOperator<float>, DivideOperator<double>>(),
            Forward = Forward.Binary((a, b) => a.Div(b)),
            Gradient = GradientCases.Binary((a, b) => a / b, b: Domain.AwayFromZero),
        },
        new("maximum")
        {
            Kernel = Kernel.Binary<MaximumOperator<float>, MaximumOperator<double>, MaximumOperator<long>>(),
            Forward = Forward.Binary((a, b) => a.Maximum(b), int64: true),
            Gradient = GradientCases.Binary((a, b) => a.Maximum(b)),
        },
        new("minimum")
        {
            Kernel = Kernel.Binary<MinimumOperator<float>, MinimumOperator<double>, MinimumOperator<long>>(),
            Forward = Forward.Binary((a, b) => a.Minimum(b), int64: true),
            Gradient = GradientCases.Binary((a, b) => a.Minimum(b)),
        },
        new("pow")
        {
            Kernel = Kernel.Binary<PowOperator<float>, PowOperator<double>>(),
            Forward = Forward.Binary((a, b) => a.Pow(b)),
            Gradient = GradientCases.Binary((a, b) => a.Pow(b), a: Domain.Positive()),
        },
        new("pow_scalar")
        {
            Gradient = Gen.Elements(3.0, 0.5, -1.5, 2.0).SelectMany(e => GradientCases.Unary(x => x.Pow(e), Domain.Positive(), $"exponent {e}")),
        },
        // The exponents with fast paths (square, sqrt, reciprocal, copy) and one without.
        new("pow_3") { Forward = Forward.Unary(x => x.Pow(3.0)) },
        new("pow_2") { Forward = Forward.Unary(x => x.Pow(2.0)) },
        new("pow_0.5") { Forward = Forward.Unary(x => x.Pow(0.5)) },
        new("pow_-1") { Forward = Forward.Unary(x => x.Pow(-1.0)) },
        new("pow_1") { Forward = Forward.Unary(x => x.Pow(1.0)) },
        new("clamp")
        {
            Forward = Forward.Unary(x => x.Clamp(-0.5, 0.7), int64: true),
            Gradient = GradientCases.Unary(x => x.Clamp(-0.5, 0.7), Domain.KinkFree(-0.5, 0.7), "[-0.5, 0.7]"),
        },
        new("clamp_min") { Forward = Forward.Unary(x => x.Clamp(min: 0), int64: true) },
        new("clamp_max") { Forward = Forward.Unary(x => x.Clamp(max: 1), int64: true) },
        new("add_scalar") { Forward = Forward.Unary(x => x.Add(2.5), int64: true) },
        new("sub_scalar") { Forward = Forward.Unary(x => x.Sub(1.25), int64: true) },
        new("rsub_scalar") { Forward = Forward.Unary(x => x.RSub(3), int64: true) },
        new("mul_scalar") { Forward = Forward.Unary(x => x.Mul(-1.5), int64: true) },
        new("div_scalar") { Forward = Forward.Unary(x => x.Div(0.75)) },
        new("rdiv_scalar") { Forward = Forward.Unary(x => x.RDiv(2)) },
        new("maximum_scalar") { Forward = Forward.Unary(x => x.Maximum(0.25), int64: true) },
        new("minimum_scalar") { Forward = Forward.Unary(x => x.Minimum(0.25), int64: true) },
        new("scalar_ops")
        {
            Gradient = GradientCases.Unary(x => (2 - x) * 3 / 4 + 1 - 5 / x, Domain.AwayFromZero, "(2 - x)·3 / 4 + 1 - 5 / x"),
        },
        new("leaky_relu")
        {
            // The kernel takes the slope as its second operand; the entry point as an attribute.
            Kernel = Kernel.Binary<LeakyReluOperator<float>, LeakyReluOperator<double>>(),
            Forward = Forward.Unary(x => x.LeakyRelu(0.1)),
            Gradient = GradientCases.Unary(x => x.LeakyRelu(0.1), Domain.KinkFree(0), "slope 0.1"),
        },
        new("multiply_add") { Kernel = Kernel.Ternary<MultiplyAddOperator<float>, MultiplyAddOperator<double>>() },
    ];
}
