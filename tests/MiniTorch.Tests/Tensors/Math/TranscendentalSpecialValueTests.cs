using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// Special inputs (NaN, +-inf, +-0, overflow and underflow edges) give the stated result in the
/// scalar reference and in every lane of the vector path, including the overlapping tail.
/// Expected values are the IEEE / PyTorch conventions, written out by hand.
/// </summary>
public class TranscendentalSpecialValueTests
{
    private const double NaN = double.NaN, Inf = double.PositiveInfinity;

    public static TheoryData<string, double, double> Cases() => new()
    {
        { "exp", NaN, NaN }, { "exp", -Inf, 0.0 }, { "exp", Inf, Inf }, { "exp", -0.0, 1.0 }, { "exp", 0.0, 1.0 },
        { "log", NaN, NaN }, { "log", 0.0, -Inf }, { "log", -0.0, -Inf }, { "log", -1.0, NaN }, { "log", -Inf, NaN },
        { "log", Inf, Inf }, { "log", 1.0, 0.0 },
        { "tanh", NaN, NaN }, { "tanh", Inf, 1.0 }, { "tanh", -Inf, -1.0 }, { "tanh", -0.0, -0.0 }, { "tanh", 0.0, 0.0 },
        { "tanh", 1e-30, 1e-30 }, { "tanh", 40.0, 1.0 }, { "tanh", -40.0, -1.0 },
        { "sigmoid", NaN, NaN }, { "sigmoid", -Inf, 0.0 }, { "sigmoid", Inf, 1.0 }, { "sigmoid", -0.0, 0.5 }, { "sigmoid", 0.0, 0.5 },
        { "sigmoid", -1e4, 0.0 }, { "sigmoid", 1e4, 1.0 },
        { "erf", NaN, NaN }, { "erf", Inf, 1.0 }, { "erf", -Inf, -1.0 }, { "erf", -0.0, -0.0 }, { "erf", 0.0, 0.0 },
        { "erf", 10.0, 1.0 }, { "erf", -10.0, -1.0 },
        { "sin", NaN, NaN }, { "sin", Inf, NaN }, { "sin", -Inf, NaN }, { "sin", -0.0, -0.0 }, { "sin", 0.0, 0.0 },
        { "cos", NaN, NaN }, { "cos", Inf, NaN }, { "cos", -Inf, NaN }, { "cos", -0.0, 1.0 }, { "cos", 0.0, 1.0 },
        // silu(-inf) = -inf * sigmoid(-inf) = -inf * 0 = NaN, as PyTorch computes it.
        { "silu", NaN, NaN }, { "silu", Inf, Inf }, { "silu", -Inf, NaN }, { "silu", -0.0, -0.0 }, { "silu", 0.0, 0.0 },
        { "silu", -1e4, -0.0 },
        { "gelu", NaN, NaN }, { "gelu", Inf, Inf }, { "gelu", -Inf, NaN }, { "gelu", -0.0, -0.0 }, { "gelu", 0.0, 0.0 },
        { "gelu", 1e4, 1e4 }, { "gelu", -1e4, -0.0 },
        { "gelu_tanh", NaN, NaN }, { "gelu_tanh", Inf, Inf }, { "gelu_tanh", -Inf, NaN }, { "gelu_tanh", -0.0, -0.0 },
        { "gelu_tanh", 1e4, 1e4 }, { "gelu_tanh", -1e4, -0.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SpecialInput_GivesItsStatedResult_InFloatAndDouble_OnEveryPath(string name, double input, double expected)
    {
        AssertFloat(name, (float)input, (float)expected);
        AssertDouble(name, input, expected);
    }

    [Theory]
    [InlineData(88.72f, false)]   // e^88.72 = 3.3997e38, just below float.MaxValue
    [InlineData(88.73f, true)]    // e^88.73 = 3.4337e38 overflows
    [InlineData(89f, true)]
    public void FloatExp_OverflowsExactlyPastTheLargestFloat(float x, bool overflows)
    {
        var op = OpTable.KernelOf("exp");
        float result = op.Invoke(x);
        Assert.Equal(overflows, float.IsPositiveInfinity(result));
        Assert.True(MathReference.UlpError(result, System.Math.Exp(x)) <= 1, $"exp({x}) = {result:R}, exact {System.Math.Exp(x):R}");
        AssertFloat("exp", x, result);
    }

    [Theory]
    [InlineData(-87.33f)]  // last normal results
    [InlineData(-95f)]     // subnormal
    [InlineData(-103.9f)]  // e^-103.9 = 7.5e-46 rounds up to the smallest subnormal, 1.4e-45
    [InlineData(-103.98f)] // e^-103.98 = 6.9e-46 rounds down to 0
    [InlineData(-104f)]
    [InlineData(-200f)]
    public void FloatExp_UnderflowsGraduallyThroughSubnormalsToZero(float x)
    {
        var op = OpTable.KernelOf("exp");
        float result = op.Invoke(x);
        Assert.True(MathReference.UlpError(result, System.Math.Exp(x)) <= 1, $"exp({x}) = {result:R}, exact {System.Math.Exp(x):R}");
        Assert.Equal((float)System.Math.Exp(x) == 0, result == 0);
        AssertFloat("exp", x, result);
    }

    [Theory]
    [InlineData(709.78, false)]  // e^709.78 = 1.7968e308, below double.MaxValue
    [InlineData(709.79, true)]
    [InlineData(-708.5, false)]  // subnormal from here down
    [InlineData(-745.13, false)] // e^-745.13 rounds up to the smallest subnormal
    [InlineData(-745.14, false)] // rounds to 0
    [InlineData(-800.0, false)]
    public void DoubleExp_OverflowAndUnderflowEdges_AgreeWithSystemMath(double x, bool overflows)
    {
        var op = OpTable.KernelOf("exp");
        double result = op.Invoke(x);
        Assert.Equal(overflows, double.IsPositiveInfinity(result));
        Assert.True(MathReference.UlpError(result, System.Math.Exp(x)) <= 1, $"exp({x}) = {result:R}, System.Math {System.Math.Exp(x):R}");
        Assert.Equal(System.Math.Exp(x) == 0, result == 0);
        AssertDouble("exp", x, result);
    }

    [Fact]
    public void Log_OfSubnormals_IsAccurate()
    {
        var op = OpTable.KernelOf("log");
        foreach (float x in new[] { float.Epsilon, 1e-40f, 1e-44f, 1.1e-38f })
            Assert.True(MathReference.UlpError(op.Invoke(x), System.Math.Log(x)) <= 1, $"log({x:R})");
        foreach (double x in new[] { double.Epsilon, 1e-310, 2e-320 })
            Assert.True(MathReference.UlpError(op.Invoke(x), System.Math.Log(x)) <= 1, $"log({x:R})");
    }

    [Fact]
    public void Sigmoid_StaysFiniteAndAccurate_FarFromZero()
    {
        var op = OpTable.KernelOf("sigmoid");
        foreach (double x in new[] { -1e4, -745.0, -700.0, -100.0, -90.0, -50.0, 50.0, 1e4 })
        {
            Assert.True(double.IsFinite(op.Invoke(x)));
            Assert.True(float.IsFinite(op.Invoke((float)x)));
            Assert.True(MathReference.UlpError(op.Invoke(x), MathReference.Sigmoid(x)) <= 3, $"sigmoid({x})");
        }
    }

    private static void AssertFloat(string name, float input, float expected)
    {
        var kernel = OpTable.KernelOf(name);
        AssertEveryPath(name, (x, y) => kernel.Run(x, y), kernel.Invoke, input, expected, [1, 7, 16, 33, 67]);
    }

    private static void AssertDouble(string name, double input, double expected)
    {
        var kernel = OpTable.KernelOf(name);
        AssertEveryPath(name, (x, y) => kernel.Run(x, y), kernel.Invoke, input, expected, [1, 5, 8, 17, 35]);
    }

    /// <summary>The special value alone, and surrounded by ordinary values, at lengths covering every lane and the tail.</summary>
    private static void AssertEveryPath<T>(string name, Action<T[], T[]> vector, Func<T, T> scalar, T input, T expected, int[] lengths)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.True(MathReference.SameValue(expected, scalar(input)), $"{name}({input:R}) scalar = {scalar(input):R}, expected {expected:R}");
        foreach (int length in lengths)
        {
            for (int position = 0; position < length; position += System.Math.Max(1, length / 9))
            {
                var x = new T[length];
                for (int i = 0; i < length; i++) x[i] = i == position ? input : T.CreateChecked(0.25 * (i % 7) - 0.5);
                var y = new T[length];
                vector(x, y);
                Assert.True(MathReference.SameValue(expected, y[position]), $"{name}({input:R}) at {position} of {length} = {y[position]:R}, expected {expected:R}");
            }
        }
    }
}
