using System.Text;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// Measured error against double-precision ground truth: every 997th float32 bit pattern (all
/// finite ones, both signs) plus the edges, and for double a mix of uniform samples over each
/// function's interesting range and random bit patterns. The vector path is measured; the
/// agreement tests show the scalar reference is bit-identical to it.
/// </summary>
public class TranscendentalAccuracyTests(ITestOutputHelper output)
{
    /// <summary>
    /// True when the kernels run unoptimized (a Debug build of MiniTorch.Tensors, where every lane
    /// helper is a real call): the sweeps then sample 31 times more sparsely to stay fast. The
    /// dense figures in the docs come from optimized builds.
    /// </summary>
    private static readonly bool KernelsUnoptimized =
        typeof(MiniTorch.Tensors.TensorData).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);

    private static readonly long FloatStride = KernelsUnoptimized ? 997 * 31 : 997;
    private static readonly int DoubleSamples = KernelsUnoptimized ? 200_000 / 31 : 200_000;

    private static readonly Lazy<float[]> FloatSweep = new(() =>
    {
        var values = new List<float>();
        for (long bits = 0; bits <= uint.MaxValue; bits += FloatStride)
        {
            float x = BitConverter.UInt32BitsToSingle((uint)bits);
            if (float.IsFinite(x)) values.Add(x);
        }
        values.AddRange([0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-30f, -1e-30f,
            88.72f, 88.73f, -87.33f, -103.9f, -103.97f, -104f, 0.625f, 0.84375f, 1.25f, 2.857143f, 8192f, -8192f]);
        return values.ToArray();
    });

    [Fact]
    [Trait("Category", "Slow")]
    public void MaxUlpError_OfEveryFunction_IsWithinItsDocumentedBound()
    {
        var table = new StringBuilder();
        table.AppendLine($"{"function",-12} {"float32 max ulp",16} {"at x",16} {"bound",6}   {"float64 max ulp",16} {"at x",24} {"bound",6}");
        var failures = new List<string>();
        foreach (var op in MathCases.Unary)
        {
            var (floatMax, floatAt) = MeasureFloat(op);
            var (doubleMax, doubleAt) = MeasureDouble(op);
            table.AppendLine($"{op.Name,-12} {floatMax,16:F3} {floatAt,16:G9} {op.FloatUlpBound,6}   {doubleMax,16:F3} {doubleAt,24:G17} {op.DoubleUlpBound,6}");
            if (floatMax > op.FloatUlpBound) failures.Add($"{op.Name} float32: {floatMax:F3} ulp at x = {floatAt:R} exceeds {op.FloatUlpBound}");
            if (doubleMax > op.DoubleUlpBound) failures.Add($"{op.Name} float64: {doubleMax:F3} ulp at x = {doubleAt:R} exceeds {op.DoubleUlpBound}");
        }
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static (double Max, float At) MeasureFloat(UnaryMathCase op)
    {
        var x = FloatSweep.Value;
        var y = new float[x.Length];
        op.VectorFloat(x, y);
        var reference = op.FloatReference ?? op.Reference;
        double max = 0;
        float at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = reference(x[i]);
            double error = MathReference.UlpError(y[i], exact) - op.ExtraUlp(x[i], exact, true);
            if (error > max) (max, at) = (error, x[i]);
        }
        return (max, at);
    }

    private static (double Max, double At) MeasureDouble(UnaryMathCase op)
    {
        var random = new Random(12345);
        var x = new double[DoubleSamples];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)), // kept only inside the range
                1 => (random.NextDouble() - 0.5) * 10,
                _ => op.DoubleRange.Low + (op.DoubleRange.High - op.DoubleRange.Low) * random.NextDouble(),
            };
            if (!double.IsFinite(x[i])) x[i] = 0.5;
        }
        var y = new double[x.Length];
        op.VectorDouble(x, y);
        double max = 0, at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < op.DoubleRange.Low || x[i] > op.DoubleRange.High) continue;
            double exact = op.Reference(x[i]);
            double error = MathReference.UlpError(y[i], exact) - op.ExtraUlp(x[i], exact, false);
            if (error > max) (max, at) = (error, x[i]);
        }
        return (max, at);
    }
}
