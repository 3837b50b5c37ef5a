using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// .NET has no Math.Erf, so the float64 erf kernel is the reference for float32 erf and gelu.
/// It is checked here against published values and against numerical integration of its
/// definition, and so is the double-double reference the ulp sweeps use.
/// </summary>
public class ErfReferenceTests
{
    // erf and erfc of the double nearest each x, computed to 40 digits (mpmath) and rounded to
    // double; they agree with Abramowitz and Stegun table 7.1 to its 15 places.
    public static TheoryData<double, double, double> KnownValues() => new()
    {
        { 1e-10, 1.1283791670955126e-10, 0.999999999887162 },
        { 0.1, 0.1124629160182849, 0.887537083981715 },
        { 0.5, 0.5204998778130465, 0.4795001221869535 },
        { 1.0, 0.8427007929497149, 0.15729920705028513 },
        { 2.0, 0.9953222650189527, 0.004677734981047266 },
        { 3.0, 0.9999779095030014, 2.209049699858544e-05 },
        { 5.0, 0.9999999999984626, 1.537459794428035e-12 },
        { 10.0, 1.0, 2.088487583762545e-45 },
        { 26.0, 1.0, 5.663192408856143e-296 },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void DoubleErfKernel_MatchesPublishedValues_WithinOneUlp(double x, double erf, double erfc)
    {
        var op = OpTable.KernelOf("erf");
        Assert.True(MathReference.UlpError(op.Invoke(x), erf) <= 1, $"erf({x}) = {op.Invoke(x):R}, published {erf:R}");
        Assert.True(MathReference.UlpError(op.Invoke(-x), -erf) <= 1, $"erf({-x}) = {op.Invoke(-x):R}");
        Assert.True(MathReference.UlpError(MathReference.Erf(x), erf) <= 0.5, $"reference erf({x}) = {MathReference.Erf(x):R}");
        Assert.True(MathReference.UlpError(MathReference.Erfc(x), erfc) <= 0.5, $"reference erfc({x}) = {MathReference.Erfc(x):R}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.7)]
    [InlineData(2.5)]
    [InlineData(4.0)]
    public void DoubleErfKernel_MatchesSimpsonIntegrationOfItsDefinition(double x)
    {
        // erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt; composite Simpson's rule with 20000
        // panels has error about (x^5 / 180 n^4) max|f''''| < 1e-16 here.
        const int panels = 20000;
        // Neumaier-compensated summation keeps the 20001-term sum's rounding below 1e-16.
        double h = x / panels, sum = 0, compensation = 0;
        for (int i = 0; i <= panels; i++)
        {
            double t = i * h, term = (i == 0 || i == panels ? 1 : i % 2 == 1 ? 4 : 2) * System.Math.Exp(-t * t);
            double next = sum + term;
            compensation += System.Math.Abs(sum) >= System.Math.Abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
        }
        sum += compensation;
        double integral = 2 / System.Math.Sqrt(System.Math.PI) * sum * h / 3;
        var op = OpTable.KernelOf("erf");
        Assert.Equal(integral, op.Invoke(x), 1e-14);
        Assert.Equal(integral, MathReference.Erf(x), 1e-14);
    }
}
