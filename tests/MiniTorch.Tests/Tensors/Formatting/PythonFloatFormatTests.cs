using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Formatting;

public class PythonFloatFormatTests
{
    // Expected strings are Python's "{:.4f}" / "{:.4e}" outputs.
    [Theory]
    [InlineData(0.1234, "0.1234")]
    [InlineData(-1.5, "-1.5000")]
    [InlineData(0.03125, "0.0312")]   // exact tie: half to even
    [InlineData(0.09375, "0.0938")]
    [InlineData(-0.0, "-0.0000")]
    [InlineData(123456.789, "123456.7890")]
    [InlineData(0.00004, "0.0000")]
    [InlineData(0.99999, "1.0000")]   // rounding carries into the units
    public void Fixed_MatchesPython(double value, string expected) => Assert.Equal(expected, PythonFloatFormat.Fixed(value, 4));

    [Theory]
    [InlineData(2.5, "2")]
    [InlineData(3.5, "4")]
    [InlineData(-0.0, "-0")]
    public void FixedZeroDigits_RoundsHalfToEven(double value, string expected) => Assert.Equal(expected, PythonFloatFormat.Fixed(value, 0));

    [Theory]
    [InlineData(1e-5, "1.0000e-05")]
    [InlineData(-123456.0, "-1.2346e+05")]
    [InlineData(99999.5, "1.0000e+05")]
    [InlineData(0.0, "0.0000e+00")]
    [InlineData(5e-324, "4.9407e-324")]
    [InlineData(1.7976931348623157e308, "1.7977e+308")]
    [InlineData(1e100, "1.0000e+100")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Scientific_MatchesPython(double value, string expected) => Assert.Equal(expected, PythonFloatFormat.Scientific(value, 4));

    private static Arbitrary<double> Doubles() =>
        Gen.Choose(-300, 300).SelectMany(e => Gen.Choose(-1_000_000, 1_000_000).Select(m => m / 1e6 * Math.Pow(10, e / 10.0))).ToArbitrary();

    // .NET's "F"/"E" formats are exact too but round exact ties away from zero; ties need the
    // value to be a short binary fraction, which these random doubles essentially never are.
    [Property(MaxTest = 300)]
    public Property Fixed_AgreesWithDotNetFixed_AwayFromTies() =>
        Prop.ForAll(Doubles(), v => Math.Abs(v) > 1e15 || PythonFloatFormat.Fixed(v, 4) == v.ToString("F4", CultureInfo.InvariantCulture));

    [Property(MaxTest = 300)]
    public Property Scientific_AgreesWithDotNetScientific_AwayFromTies() =>
        Prop.ForAll(Doubles(), v =>
        {
            // .NET writes "E+005" style exponents; Python drops leading zeros down to two digits.
            var net = v.ToString("E4", CultureInfo.InvariantCulture).ToLowerInvariant();
            int e = net.IndexOf('e');
            int exponent = int.Parse(net[(e + 1)..], CultureInfo.InvariantCulture);
            var python = net[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return PythonFloatFormat.Scientific(v, 4) == python;
        });
}
