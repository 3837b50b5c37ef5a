using System.Text;
using MiniTorch.Tests.Support;

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
        foreach (var op in OpTable.All.Where(op => op.Accuracy != null))
        {
            var (kernel, accuracy) = (op.Kernel!, op.Accuracy!);
            var (floatMax, floatAt) = MeasureFloat(kernel, accuracy);
            var (doubleMax, doubleAt) = MeasureDouble(kernel, accuracy);
            table.AppendLine($"{op.Name,-12} {floatMax,16:F3} {floatAt,16:G9} {accuracy.FloatUlp,6}   {doubleMax,16:F3} {doubleAt,24:G17} {accuracy.DoubleUlp,6}");
            if (floatMax > accuracy.FloatUlp) failures.Add($"{op.Name} float32: {floatMax:F3} ulp at x = {floatAt:R} exceeds {accuracy.FloatUlp}");
            if (doubleMax > accuracy.DoubleUlp) failures.Add($"{op.Name} float64: {doubleMax:F3} ulp at x = {doubleAt:R} exceeds {accuracy.DoubleUlp}");
        }
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static (double Max, float At) MeasureFloat(Kernel kernel, Accuracy accuracy)
    {
        var x = FloatSweep.Value;
        var y = new float[x.Length];
        kernel.Run(x, y);
        var reference = accuracy.FloatExact ?? accuracy.Exact;
        double max = 0;
        float at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = reference(x[i]);
            double error = MathReference.UlpError(y[i], exact) - accuracy.ExtraUlp(x[i], exact, true);
            if (error > max) (max, at) = (error, x[i]);
        }
        return (max, at);
    }

    private static (double Max, double At) MeasureDouble(Kernel kernel, Accuracy accuracy)
    {
        var random = new Random(12345);
        var x = new double[DoubleSamples];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)), // kept only inside the range
                1 => (random.NextDouble() - 0.5) * 10,
                _ => accuracy.DoubleRange.Low + (accuracy.DoubleRange.High - accuracy.DoubleRange.Low) * random.NextDouble(),
            };
            if (!double.IsFinite(x[i])) x[i] = 0.5;
        }
        var y = new double[x.Length];
        kernel.Run(x, y);
        double max = 0, at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < accuracy.DoubleRange.Low || x[i] > accuracy.DoubleRange.High) continue;
            double exact = accuracy.Exact(x[i]);
            double error = MathReference.UlpError(y[i], exact) - accuracy.ExtraUlp(x[i], exact, false);
            if (error > max) (max, at) = (error, x[i]);
        }
        return (max, at);
    }
}
