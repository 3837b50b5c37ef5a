using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using MiniTorch.Tests.Tensors.Reductions;

namespace MiniTorch.Tests.Autograd;

/// <summary>
/// The softmax node's backward (y·(g - Σ g·y) and g - exp(y)·Σ g, written in the node) against
/// central differences of the forward, on strided float64 inputs along any dim.
/// </summary>
public class SoftmaxDerivativeTests
{
    private static Arbitrary<DimCase> BackwardCases() =>
        Generators.NonEmptyShape(3, 4).Where(s => s.Length > 0).SelectMany(shape =>
            Generators.StridedTensor(shape, DType.Float64).SelectMany(x =>
                Gen.Choose(-shape.Length, shape.Length - 1).Select(dim => new DimCase(x, dim, false))))
        .ToArbitrary();

    [Property(MaxTest = 40)]
    public Property SoftmaxBackward_MatchesFiniteDifferences() =>
        Prop.ForAll(BackwardCases(), c => CheckAgainstFiniteDifferences(c, x => x.Softmax(c.Dim), x => x.Softmax(c.Dim)));

    [Property(MaxTest = 40)]
    public Property LogSoftmaxBackward_MatchesFiniteDifferences() =>
        Prop.ForAll(BackwardCases(), c => CheckAgainstFiniteDifferences(c, x => x.LogSoftmax(c.Dim), x => x.LogSoftmax(c.Dim)));

    [Fact]
    public void SoftmaxBackward_WithAGradientOfTheWrongShape_NamesBothShapes()
    {
        var y = new Tensor(TensorData.Zeros(DType.Float32, 2, 3), requiresGrad: true).Softmax(1);
        var e = Assert.Throws<ArgumentException>(() => y.Backward(new Tensor(TensorData.Zeros(DType.Float32, 3, 2))));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);
    }

    /// <summary>d/dx of sum(g * f(x)) by central differences, against x.Grad after backpropagating g through f.</summary>
    private static void CheckAgainstFiniteDifferences(DimCase c, Func<TensorData, TensorData> f, Func<Tensor, Tensor> node)
    {
        var x0 = c.X.ToDoubleArray();
        var shape = c.X.ShapeArray();
        var rng = new Random(x0.Length);
        var g = Enumerable.Range(0, x0.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x = new Tensor(c.X, requiresGrad: true);
        node(x).Backward(new Tensor(TensorData.FromArray(g, shape)));
        var analytic = x.Grad!.Data.ToDoubleArray();
        const double h = 1e-6;
        for (int i = 0; i < x0.Length; i++)
        {
            double Loss(double delta)
            {
                var moved = (double[])x0.Clone();
                moved[i] += delta;
                var y = f(TensorData.FromArray(moved, shape)).ToDoubleArray();
                return y.Select((v, k) => v * g[k]).Sum();
            }
            double numeric = (Loss(h) - Loss(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"element {i}: analytic {analytic[i]}, numeric {numeric} for {c}");
        }
    }
}
