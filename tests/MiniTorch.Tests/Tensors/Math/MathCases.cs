using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>A kernel run over whole spans (the vector loops).</summary>
public delegate void SpanKernel<T>(ReadOnlySpan<T> x, Span<T> destination);

/// <summary>A kernel over two spans (the backward helpers: grad, x).</summary>
public delegate void SpanKernel2<T>(ReadOnlySpan<T> grad, ReadOnlySpan<T> x, Span<T> destination);

/// <summary>One transcendental operator with its reference and its stated accuracy.</summary>
public sealed record UnaryMathCase
{
    public required string Name { get; init; }
    public required SpanKernel<float> VectorFloat { get; init; }
    public required Func<float, float> ScalarFloat { get; init; }
    public required SpanKernel<double> VectorDouble { get; init; }
    public required Func<double, double> ScalarDouble { get; init; }
    /// <summary>The exact value to beyond double precision (System.Math or double-double).</summary>
    public required Func<double, double> Reference { get; init; }
    /// <summary>
    /// The exact value for float results: <see cref="Reference"/> unless a cheaper double-precision
    /// evaluation suffices. Functions System.Math lacks use the float64 kernel, which the same
    /// test first checks against <see cref="Reference"/>.
    /// </summary>
    public Func<double, double>? FloatReference { get; init; }
    /// <summary>Documented max error of float results, in ulp (docs/transcendentals.md).</summary>
    public required double FloatUlpBound { get; init; }
    /// <summary>Documented max error of double results against <see cref="Reference"/>, in ulp.</summary>
    public required double DoubleUlpBound { get; init; }
    /// <summary>Where the double sweep samples uniformly (besides random bit patterns).</summary>
    public required (double Low, double High) DoubleRange { get; init; }
    /// <summary>
    /// Extra ulp allowed at (x, exact value, float32?) beyond the headline bound, where the docs
    /// state why (ill-conditioned tails, subnormal intermediates); zero almost everywhere.
    /// </summary>
    public Func<double, double, bool, double> ExtraUlp { get; init; } = (_, _, _) => 0;

    public override string ToString() => Name;

    private static bool MathReferenceIsCheap(string name) => name is "exp" or "log" or "tanh" or "sin" or "cos";

    public static UnaryMathCase Create<TF, TD>(string name, Func<double, double> reference, double floatUlp, double doubleUlp, (double, double) doubleRange)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> => new()
        {
            Name = name,
            VectorFloat = (x, d) => ElementwiseLoops.Unary<float, TF>(x, d),
            ScalarFloat = TF.Invoke,
            VectorDouble = (x, d) => ElementwiseLoops.Unary<double, TD>(x, d),
            ScalarDouble = TD.Invoke,
            Reference = reference,
            FloatReference = MathReferenceIsCheap(name) ? reference : TD.Invoke,
            FloatUlpBound = floatUlp,
            DoubleUlpBound = doubleUlp,
            DoubleRange = doubleRange,
        };
}

/// <summary>A backward helper (grad, x) with its double-precision reference formula.</summary>
public sealed class BinaryMathCase
{
    public required string Name { get; init; }
    public required SpanKernel2<float> VectorFloat { get; init; }
    public required Func<float, float, float> ScalarFloat { get; init; }
    public required SpanKernel2<double> VectorDouble { get; init; }
    public required Func<double, double, double> ScalarDouble { get; init; }
    public required Func<double, double, double> Reference { get; init; }

    public override string ToString() => Name;

    public static BinaryMathCase Create<TF, TD>(string name, Func<double, double, double> reference)
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> => new()
        {
            Name = name,
            VectorFloat = (g, x, d) => ElementwiseLoops.Binary<float, TF>(g, x, d),
            ScalarFloat = TF.Invoke,
            VectorDouble = (g, x, d) => ElementwiseLoops.Binary<double, TD>(g, x, d),
            ScalarDouble = TD.Invoke,
            Reference = reference,
        };
}

/// <summary>The operator table every transcendental test iterates.</summary>
public static class MathCases
{
    public static readonly UnaryMathCase[] Unary =
    [
        UnaryMathCase.Create<ExpOperator<float>, ExpOperator<double>>("exp", System.Math.Exp, 1, 1, (-746, 710)),
        UnaryMathCase.Create<LogOperator<float>, LogOperator<double>>("log", System.Math.Log, 1, 1, (0, 1e6)),
        UnaryMathCase.Create<TanhOperator<float>, TanhOperator<double>>("tanh", System.Math.Tanh, 3, 3, (-20, 20)),
        UnaryMathCase.Create<SigmoidOperator<float>, SigmoidOperator<double>>("sigmoid", MathReference.Sigmoid, 3, 3, (-750, 40)),
        UnaryMathCase.Create<SinOperator<float>, SinOperator<double>>("sin", System.Math.Sin, 2, 2, (-70000, 70000)),
        UnaryMathCase.Create<CosOperator<float>, CosOperator<double>>("cos", System.Math.Cos, 2, 2, (-70000, 70000)),
        UnaryMathCase.Create<SiluOperator<float>, SiluOperator<double>>("silu", MathReference.Silu, 4, 4, (-750, 40)),
        UnaryMathCase.Create<ErfOperator<float>, ErfOperator<double>>("erf", MathReference.Erf, 2, 2, (-7, 7)),
        UnaryMathCase.Create<GeluOperator<float>, GeluOperator<double>>("gelu", MathReference.Gelu, 4, 5, (-39, 10)) with
        {
            // Where erfc(-x / sqrt 2) is subnormal (x below about -13 for float), its rounding is
            // magnified by |x| / 2 in the product.
            ExtraUlp = (x, exact, isFloat) =>
                System.Math.Abs(exact) < 0.5 * System.Math.Abs(x) * (isFloat ? 1.1754943508222875e-38 : 2.2250738585072014e-308) ? 3 * System.Math.Abs(x) : 0,
        },
        UnaryMathCase.Create<GeluTanhOperator<float>, GeluTanhOperator<double>>("gelu_tanh", MathReference.GeluTanh, 4, 4, (-40, 10)) with
        {
            // x sigmoid(2u) for x < 0 is e^(2u)-like: an error of one ulp in 2u moves it by |2u| ulp,
            // and 2u = x (c1 + c2 x^2) carries up to about three.
            ExtraUlp = (x, _, _) => x < 0 ? 3 * System.Math.Abs(TwiceGeluTanhInner(x)) : 0,
        },
    ];

    private static double TwiceGeluTanhInner(double x) => 2 * 0.7978845608028654 * (x + 0.044715 * x * x * x);

    public static readonly BinaryMathCase[] Binary =
    [
        BinaryMathCase.Create<GeluBackwardOperator<float>, GeluBackwardOperator<double>>("gelu_backward",
            (g, x) => g * (0.5 * MathReference.Erfc(-x * 0.7071067811865476) + x * System.Math.Exp(-0.5 * x * x) * 0.3989422804014327)),
        BinaryMathCase.Create<GeluTanhBackwardOperator<float>, GeluTanhBackwardOperator<double>>("gelu_tanh_backward", GeluTanhBackwardPyTorch),
        BinaryMathCase.Create<SiluBackwardOperator<float>, SiluBackwardOperator<double>>("silu_backward",
            (g, x) => { double s = MathReference.Sigmoid(x); return g * s * (1 + x * (1 - s)); }),
    ];

    /// <summary>PyTorch's GeluBackward for approximate="tanh", transcribed as written there.</summary>
    public static double GeluTanhBackwardPyTorch(double grad, double x)
    {
        const double beta = 0.7978845608028654, kappa = 0.044715;
        double inner = beta * (x + kappa * x * x * x);
        double t = System.Math.Tanh(inner);
        double leftDerivative = 0.5 * (1 + t);
        double rightDerivative = 0.5 * x * (1 - t * t) * beta * (1 + 3 * kappa * x * x);
        return grad * (leftDerivative + rightDerivative);
    }

    public static TheoryData<string> UnaryNames() => new(Unary.Select(c => c.Name));
    public static TheoryData<string> BinaryNames() => new(Binary.Select(c => c.Name));
    public static UnaryMathCase UnaryCase(string name) => Unary.Single(c => c.Name == name);
    public static BinaryMathCase BinaryCase(string name) => Binary.Single(c => c.Name == name);

    /// <summary>
    /// Inputs for agreement tests: ordinary values of several scales with specials (NaN, +-inf,
    /// +-0, huge, subnormal) sprinkled in, so rare slow paths run at every lane position.
    /// </summary>
    public static double[] MixedInputs(int length, int seed)
    {
        var random = new Random(seed);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-40, -3e-310, 1e30, -1e30, 95, -110, 750, -800, 1e5, -2e6];
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(10) switch
            {
                0 => specials[random.Next(specials.Length)],
                1 => (random.NextDouble() - 0.5) * 200,
                2 => (random.NextDouble() - 0.5) * 2e-3,
                _ => (random.NextDouble() - 0.5) * 12,
            };
        }
        return values;
    }
}
