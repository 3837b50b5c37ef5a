using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Smooth activations built on the vectorized transcendental kernels (Kernels/Math). Their
// derivative operators (Kernels/Operators/Transcendental.cs) are run by the autograd nodes. exp, log, tanh, sigmoid, sin, cos and silu live
// with the other elementwise ops in ElementwiseOps.cs.
public static class ActivationOps
{
    extension(TensorData self)
    {
        /// <summary>The error function, elementwise (torch.erf).</summary>
        public TensorData Erf() => self.FloatUnary<ErfOperator<float>, ErfOperator<double>>("erf");

        /// <summary>
        /// GELU (torch.nn.functional.gelu): 0.5 x (1 + erf(x / sqrt 2)) for <paramref name="approximate"/>
        /// "none", or 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) for "tanh".
        /// </summary>
        /// <exception cref="ArgumentException">approximate is neither "none" nor "tanh".</exception>
        public TensorData Gelu(string approximate = "none") => UsesTanhApproximation(approximate, "gelu")
            ? self.FloatUnary<GeluTanhOperator<float>, GeluTanhOperator<double>>("gelu")
            : self.FloatUnary<GeluOperator<float>, GeluOperator<double>>("gelu");
    }

    /// <summary>
    /// The rule for gelu's <paramref name="approximate"/> argument, checked where it is given (a
    /// module may check it when it is built, before any input arrives).
    /// </summary>
    /// <exception cref="ArgumentException">approximate is neither "none" nor "tanh".</exception>
    public static void CheckGeluApproximation(string approximate) => UsesTanhApproximation(approximate, "gelu");

    /// <summary>True for "tanh", false for "none"; anything else is an error naming <paramref name="op"/>.</summary>
    private static bool UsesTanhApproximation(string approximate, string op) => approximate switch
    {
        "none" => false,
        "tanh" => true,
        _ => throw new ArgumentException($"{op}: approximate argument must be either \"none\" or \"tanh\", got \"{approximate}\"", nameof(approximate)),
    };
}
