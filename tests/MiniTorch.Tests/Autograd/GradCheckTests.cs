using MiniTorch.Autograd;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Autograd;

public class GradCheckTests
{
    /// <summary>y = x³ with a deliberately wrong backward (2x² instead of 3x²).</summary>
    private sealed class WrongCube : Node
    {
        private readonly TensorData _x;
        public static Tensor Apply(Tensor x) => Graph.Record(x, x.Data.Mul(x.Data).Mul(x.Data), static (x, _) => new WrongCube(x.Data));
        private WrongCube(TensorData x) => _x = x;
        protected internal override TensorData?[] Backward(TensorData g) => [g.Mul(_x.Mul(_x)).Mul(2)];
    }

    [Fact]
    public void Check_ReportsTheWorstMismatch_WithInputAndElementIndices()
    {
        var a = new Tensor(TensorData.FromArray(new[] { 1.0, 2.0 }, 2), requiresGrad: true);
        var b = new Tensor(TensorData.FromArray(new[] { 0.5, 3.0, -1.0 }, 3), requiresGrad: true);
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(x => Torch.Cat([x[0].Exp(), WrongCube.Apply(x[1])]), [a, b]));
        // Worst entry: b[1] = 3 gives analytic 18 against the true 27, at output element 2 + 1.
        Assert.Equal(1, e.Worst.InputIndex);
        Assert.Equal(1, e.Worst.InputElement);
        Assert.Equal(3, e.Worst.OutputElement);
        Assert.Equal(18, e.Worst.Analytic, 9);
        Assert.Equal(27, e.Worst.Numeric, 4);
        Assert.Equal(3, e.Mismatches);
        Assert.Contains("input 1", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void Check_PassesACorrectGradient_AndRestoresTheInputsAndTheirGrads()
    {
        var x = new Tensor(TensorData.FromArray(new[] { 0.3, -1.2, 2.0, 0.7 }, 2, 2), requiresGrad: true);
        var before = x.ToDoubleArray();
        var result = GradCheck.Check(t => (t[0] * t[0]).Sin(), [x]);
        Assert.Equal(16, result.JacobianEntries);
        Assert.True(result.MaxAbsError < 1e-8);
        Assert.Equal(before, x.ToDoubleArray());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Check_RefusesExpandedInputs_WhoseElementsShareStorage()
    {
        var x = new Tensor(TensorData.FromArray(new[] { 1.0 }, 1).Expand(3), requiresGrad: true);
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(t => t[0].Exp(), [x]));
        Assert.Contains("overlapping memory", e.Message);
        Assert.Contains("[3]", e.Message);
    }
}
