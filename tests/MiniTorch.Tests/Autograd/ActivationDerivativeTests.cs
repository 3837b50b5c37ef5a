using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

/// <summary>
/// The gelu and silu nodes' backward (PyTorch's formulas, run through TensorData.Zip) against
/// central differences of their forwards, in float64.
/// </summary>
public class ActivationDerivativeTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void GeluBackward_MatchesCentralDifferencesOfGelu_InFloat64(string approximate)
    {
        var xs = Enumerable.Range(-60, 121).Select(i => i * 0.1 + 0.0123).ToArray();
        var grad = xs.Select(v => 0.5 + 0.25 * System.Math.Sin(v)).ToArray();
        var result = InputGradient(xs, grad, x => x.Gelu(approximate));
        AssertMatchesCentralDifference(xs, grad, result, v => TensorData.FromArray(v, v.Length).Gelu(approximate).ToArray<double>());
    }

    [Fact]
    public void SiluBackward_MatchesCentralDifferencesOfSilu_InFloat64()
    {
        var xs = Enumerable.Range(-60, 121).Select(i => i * 0.2 + 0.0123).ToArray();
        var grad = xs.Select(v => 1.0 - 0.1 * v).ToArray();
        var result = InputGradient(xs, grad, x => x.Silu());
        AssertMatchesCentralDifference(xs, grad, result, v => TensorData.FromArray(v, v.Length).Silu().ToArray<double>());
    }

    /// <summary>x.Grad after backpropagating <paramref name="grad"/> through <paramref name="f"/>(x).</summary>
    private static double[] InputGradient(double[] xs, double[] grad, Func<Tensor, Tensor> f)
    {
        var x = new Tensor(TensorData.FromArray((double[])xs.Clone(), xs.Length), requiresGrad: true);
        f(x).Backward(new Tensor(TensorData.FromArray((double[])grad.Clone(), grad.Length)));
        return x.Grad!.Data.ToArray<double>();
    }

    private static void AssertMatchesCentralDifference(double[] xs, double[] grad, double[] result, Func<double[], double[]> forward)
    {
        const double h = 1e-6;
        var up = forward(xs.Select(v => v + h).ToArray());
        var down = forward(xs.Select(v => v - h).ToArray());
        for (int i = 0; i < xs.Length; i++)
        {
            double numeric = grad[i] * (up[i] - down[i]) / (2 * h);
            Assert.True(System.Math.Abs(result[i] - numeric) <= 1e-7 * (1 + System.Math.Abs(numeric)), $"at x = {xs[i]:R}: analytic {result[i]:R}, numeric {numeric:R}");
        }
    }
}
