using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;
using MiniTorch.Tests.Tensors.Transcendentals;

namespace MiniTorch.Tests.Support;

/// <summary>
/// The transcendental kernels (vectorized polynomial approximations) with their documented
/// accuracy, the smooth activations built on them, and their backward kernels.
/// </summary>
public static partial class OpTable
{
    private static Op[] Transcendentals() =>
    [
        new("exp")
        {
            Kernel = Kernel.Unary<ExpOperator<float>, ExpOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(System.Math.Exp, FloatUlp: 1, DoubleUlp: 1, DoubleRange: (-746, 710)),
            Forward = Forward.Unary(x => x.Exp()),
            Gradient = GradientCases.Unary(x => x.Exp()),
        },
        new("log")
        {
            Kernel = Kernel.Unary<LogOperator<float>, LogOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(System.Math.Log, FloatUlp: 1, DoubleUlp: 1, DoubleRange: (0, 1e6)),
            Forward = Forward.Unary(x => x.Log()),
            Gradient = GradientCases.Unary(x => x.Log(), Domain.Positive()),
        },
        new("tanh")
        {
            Kernel = Kernel.Unary<TanhOperator<float>, TanhOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(System.Math.Tanh, FloatUlp: 3, DoubleUlp: 3, DoubleRange: (-20, 20)),
            Forward = Forward.Unary(x => x.Tanh()),
            Gradient = GradientCases.Unary(x => x.Tanh()),
        },
        new("sigmoid")
        {
            Kernel = Kernel.Unary<SigmoidOperator<float>, SigmoidOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(MathReference.Sigmoid, FloatUlp: 3, DoubleUlp: 3, DoubleRange: (-750, 40)) { FloatExact = SigmoidOperator<double>.Invoke },
            Forward = Forward.Unary(x => x.Sigmoid()),
            Gradient = GradientCases.Unary(x => x.Sigmoid()),
        },
        new("sin")
        {
            Kernel = Kernel.Unary<SinOperator<float>, SinOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(System.Math.Sin, FloatUlp: 2, DoubleUlp: 2, DoubleRange: (-70000, 70000)),
            Forward = Forward.Unary(x => x.Sin()),
            Gradient = GradientCases.Unary(x => x.Sin()),
        },
        new("cos")
        {
            Kernel = Kernel.Unary<CosOperator<float>, CosOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(System.Math.Cos, FloatUlp: 2, DoubleUlp: 2, DoubleRange: (-70000, 70000)),
            Forward = Forward.Unary(x => x.Cos()),
            Gradient = GradientCases.Unary(x => x.Cos()),
        },
        new("silu")
        {
            Kernel = Kernel.Unary<SiluOperator<float>, SiluOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(MathReference.Silu, FloatUlp: 4, DoubleUlp: 4, DoubleRange: (-750, 40)) { FloatExact = SiluOperator<double>.Invoke },
            Forward = Forward.Unary(x => x.Silu()),
            Gradient = GradientCases.Unary(x => x.Silu()),
        },
        new("erf")
        {
            Kernel = Kernel.Unary<ErfOperator<float>, ErfOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(MathReference.Erf, FloatUlp: 2, DoubleUlp: 2, DoubleRange: (-7, 7)) { FloatExact = ErfOperator<double>.Invoke },
            Forward = Forward.Unary(x => x.Erf()),
        },
        new("gelu")
        {
            Kernel = Kernel.Unary<GeluOperator<float>, GeluOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(MathReference.Gelu, FloatUlp: 4, DoubleUlp: 5, DoubleRange: (-39, 10))
            {
                FloatExact = GeluOperator<double>.Invoke,
                // Where erfc(-x / sqrt 2) is subnormal (x below about -13 for float), its rounding is
                // magnified by |x| / 2 in the product.
                ExtraUlp = (x, exact, isFloat) =>
                    System.Math.Abs(exact) < 0.5 * System.Math.Abs(x) * (isFloat ? 1.1754943508222875e-38 : 2.2250738585072014e-308) ? 3 * System.Math.Abs(x) : 0,
            },
            Forward = Forward.Unary(x => x.Gelu()),
            Gradient = GradientCases.Unary(x => x.Gelu("none"), attributes: "approximate none"),
        },
        new("gelu_tanh")
        {
            Kernel = Kernel.Unary<GeluTanhOperator<float>, GeluTanhOperator<double>>(KernelValues.Transcendental),
            Accuracy = new(MathReference.GeluTanh, FloatUlp: 4, DoubleUlp: 4, DoubleRange: (-40, 10))
            {
                FloatExact = GeluTanhOperator<double>.Invoke,
                // x sigmoid(2u) for x < 0 is e^(2u)-like: an error of one ulp in 2u moves it by |2u| ulp,
                // and 2u = x (c1 + c2 x^2) carries up to about three.
                ExtraUlp = (x, _, _) => x < 0 ? 3 * System.Math.Abs(TwiceGeluTanhInner(x)) : 0,
            },
            Forward = Forward.Unary(x => x.Gelu("tanh")),
            Gradient = GradientCases.Unary(x => x.Gelu("tanh"), attributes: "approximate tanh"),
        },
        new("gelu_backward")
        {
            Kernel = Kernel.Binary<GeluBackwardOperator<float>, GeluBackwardOperator<double>>(KernelValues.GradientThenTranscendental),
            BackwardFormula = (g, x) => g * (0.5 * MathReference.Erfc(-x * 0.7071067811865476) + x * System.Math.Exp(-0.5 * x * x) * 0.3989422804014327),
        },
        new("gelu_tanh_backward")
        {
            Kernel = Kernel.Binary<GeluTanhBackwardOperator<float>, GeluTanhBackwardOperator<double>>(KernelValues.GradientThenTranscendental),
            BackwardFormula = GeluTanhBackwardPyTorch,
        },
        new("silu_backward")
        {
            Kernel = Kernel.Binary<SiluBackwardOperator<float>, SiluBackwardOperator<double>>(KernelValues.GradientThenTranscendental),
            BackwardFormula = (g, x) => { double s = MathReference.Sigmoid(x); return g * s * (1 + x * (1 - s)); },
        },
    ];

    private static double TwiceGeluTanhInner(double x) => 2 * 0.7978845608028654 * (x + 0.044715 * x * x * x);

    /// <summary>PyTorch's GeluBackward for approximate="tanh", transcribed as written there.</summary>
    private static double GeluTanhBackwardPyTorch(double grad, double x)
    {
        const double beta = 0.7978845608028654, kappa = 0.044715;
        double inner = beta * (x + kappa * x * x * x);
        double t = System.Math.Tanh(inner);
        double leftDerivative = 0.5 * (1 + t);
        double rightDerivative = 0.5 * x * (1 - t * t) * beta * (1 + 3 * kappa * x * x);
        return grad * (leftDerivative + rightDerivative);
    }
}
