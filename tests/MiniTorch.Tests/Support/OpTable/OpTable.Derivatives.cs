using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>
/// The fused derivative operators written beside their autograd nodes (src/Autograd/Functions),
/// operands (grad, x) or (grad, a, b). The forward face runs them the way the nodes do, through
/// TensorData.Zip; a slope or bound, and the incoming gradient of the three-tensor rules, is a
/// broadcast 0-d tensor there.
/// </summary>
public static partial class OpTable
{
    private static Op[] Derivatives() =>
    [
        new("relu_backward")
        {
            Kernel = Kernel.Binary<Relu.Derivative<float>, Relu.Derivative<double>>(),
            Forward = Forward.Binary((g, x) => TensorData.Zip<Relu.Derivative<float>, Relu.Derivative<double>>(g, x)),
        },
        new("leaky_relu_backward")
        {
            Kernel = Kernel.Ternary<LeakyRelu.Derivative<float>, LeakyRelu.Derivative<double>>(KernelValues.ConstantLast(0.25)),
            Forward = Forward.Binary((g, x) => TensorData.Zip<LeakyRelu.Derivative<float>, LeakyRelu.Derivative<double>>(g, x, g.ScalarLike(0.2))),
        },
        new("abs_backward")
        {
            Kernel = Kernel.Binary<Abs.Derivative<float>, Abs.Derivative<double>>(),
            Forward = Forward.Binary((g, x) => TensorData.Zip<Abs.Derivative<float>, Abs.Derivative<double>>(g, x)),
        },
        new("tanh_backward")
        {
            Kernel = Kernel.Binary<Tanh.Derivative<float>, Tanh.Derivative<double>>(),
            Forward = Forward.Binary((g, y) => TensorData.Zip<Tanh.Derivative<float>, Tanh.Derivative<double>>(g, y)),
        },
        new("sigmoid_backward")
        {
            Kernel = Kernel.Binary<Sigmoid.Derivative<float>, Sigmoid.Derivative<double>>(),
            Forward = Forward.Binary((g, y) => TensorData.Zip<Sigmoid.Derivative<float>, Sigmoid.Derivative<double>>(g, y)),
        },
        new("clamp_min_backward")
        {
            Kernel = Kernel.Ternary<Clamp.AtOrAbove<float>, Clamp.AtOrAbove<double>>(KernelValues.ConstantLast(0.25)),
            Forward = Forward.Binary((g, x) => TensorData.Zip<Clamp.AtOrAbove<float>, Clamp.AtOrAbove<double>>(g, x, g.ScalarLike(0.25))),
        },
        new("clamp_max_backward")
        {
            Kernel = Kernel.Ternary<Clamp.AtOrBelow<float>, Clamp.AtOrBelow<double>>(KernelValues.ConstantLast(0.25)),
            Forward = Forward.Binary((g, x) => TensorData.Zip<Clamp.AtOrBelow<float>, Clamp.AtOrBelow<double>>(g, x, g.ScalarLike(0.25))),
        },
        new("maximum_backward_share")
        {
            Kernel = Kernel.Ternary<MaximumMinimum.Share<float>, MaximumMinimum.Share<double>>(KernelValues.Ties),
            Forward = Forward.Binary((a, b) => TensorData.Zip<MaximumMinimum.Share<float>, MaximumMinimum.Share<double>>(a.ScalarLike(1.5), a, b)),
        },
        new("pow_backward_base")
        {
            Kernel = Kernel.Ternary<Pow.BaseDerivative<float>, Pow.BaseDerivative<double>>(KernelValues.Ties),
            Forward = Forward.Binary((x, y) => TensorData.Zip<Pow.BaseDerivative<float>, Pow.BaseDerivative<double>>(x.ScalarLike(1.5), x, y)),
        },
        new("pow_backward_exponent")
        {
            Kernel = Kernel.Ternary<Pow.ExponentDerivative<float>, Pow.ExponentDerivative<double>>(KernelValues.Ties),
            Forward = Forward.Binary((x, y) => TensorData.Zip<Pow.ExponentDerivative<float>, Pow.ExponentDerivative<double>>(x.ScalarLike(1.5), x, y)),
        },
    ];
}
