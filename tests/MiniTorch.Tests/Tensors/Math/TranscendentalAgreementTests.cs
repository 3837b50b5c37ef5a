using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// Every vector width must give the scalar Invoke's result bit for bit (NaN payloads aside), at
/// every length from 0 to 256 (whole vectors plus every overlapping tail) and at random longer
/// lengths, writing to a separate destination and in place.
/// </summary>
public class TranscendentalAgreementTests
{
    [Theory]
    [MemberData(nameof(MathCases.UnaryNames), MemberType = typeof(MathCases))]
    public void UnaryOperator_MatchesScalarReference_AtEveryLength(string name)
    {
        var op = MathCases.UnaryCase(name);
        for (int length = 0; length <= 256; length++)
        {
            var values = MathCases.MixedInputs(length, seed: length);
            AssertFloatAgreement(op, values.Select(v => (float)v).ToArray(), length);
            AssertDoubleAgreement(op, values, length);
        }
    }

    [Property(MaxTest = 30)]
    public Property UnaryOperators_MatchScalarReference_AtRandomLongerLengths() =>
        Prop.ForAll(Gen.Choose(257, 5000).SelectMany(n => Gen.Choose(0, 1 << 30).Select(seed => (n, seed))).ToArbitrary(), input =>
        {
            var values = MathCases.MixedInputs(input.n, input.seed);
            var floats = values.Select(v => (float)v).ToArray();
            foreach (var op in MathCases.Unary)
            {
                AssertFloatAgreement(op, floats, input.n);
                AssertDoubleAgreement(op, values, input.n);
            }
        });

    [Theory]
    [MemberData(nameof(MathCases.BinaryNames), MemberType = typeof(MathCases))]
    public void BackwardOperator_MatchesScalarReference_AtEveryLength(string name)
    {
        var op = MathCases.BinaryCase(name);
        for (int length = 0; length <= 256; length++)
        {
            var x = MathCases.MixedInputs(length, seed: length);
            var grad = MathCases.MixedInputs(length, seed: length + 1000).Select(g => double.IsFinite(g) ? g : 1.5).ToArray();

            var xf = x.Select(v => (float)v).ToArray();
            var gf = grad.Select(v => (float)v).ToArray();
            var outF = new float[length];
            op.VectorFloat(gf, xf, outF);
            for (int i = 0; i < length; i++)
                Assert.True(MathReference.SameValue(op.ScalarFloat(gf[i], xf[i]), outF[i]), $"{name} float length {length} at {i}: grad {gf[i]:R}, x {xf[i]:R}: vector {outF[i]:R}, scalar {op.ScalarFloat(gf[i], xf[i]):R}");
            op.VectorFloat(gf, xf, gf); // in place over grad
            for (int i = 0; i < length; i++)
                Assert.True(MathReference.SameValue(outF[i], gf[i]), $"{name} float in place, length {length} at {i}: {gf[i]:R} vs {outF[i]:R}");

            var outD = new double[length];
            op.VectorDouble(grad, x, outD);
            for (int i = 0; i < length; i++)
                Assert.True(MathReference.SameValue(op.ScalarDouble(grad[i], x[i]), outD[i]), $"{name} double length {length} at {i}: grad {grad[i]:R}, x {x[i]:R}: vector {outD[i]:R}, scalar {op.ScalarDouble(grad[i], x[i]):R}");
        }
    }

    private static void AssertFloatAgreement(UnaryMathCase op, float[] x, int length) =>
        AssertAgreement(op.Name, op.VectorFloat, op.ScalarFloat, x, length);

    private static void AssertDoubleAgreement(UnaryMathCase op, double[] x, int length) =>
        AssertAgreement(op.Name, op.VectorDouble, op.ScalarDouble, x, length);

    private static void AssertAgreement<T>(string name, SpanKernel<T> vector, Func<T, T> scalar, T[] x, int length)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var destination = new T[length];
        vector(x, destination);
        var inPlace = (T[])x.Clone();
        vector(inPlace, inPlace);
        for (int i = 0; i < length; i++)
        {
            T expected = scalar(x[i]);
            if (!MathReference.SameValue(expected, destination[i]) || !MathReference.SameValue(expected, inPlace[i]))
                Assert.Fail($"{name} {typeof(T).Name}, length {length}, index {i}, x = {x[i]:R}: scalar {expected:R}, vector {destination[i]:R}, in place {inPlace[i]:R}");
        }
    }
}
