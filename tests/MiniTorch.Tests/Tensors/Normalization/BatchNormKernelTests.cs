using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using MiniTorch.Tests.Tensors.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tests.Tensors.Normalization;

/// <summary>
/// The batch-norm kernels against a double-precision loop over the same [N, C, S] layout: forward
/// with batch statistics and with given ones, and all three gradients in training and eval form.
/// </summary>
public class BatchNormKernelTests
{
    private const double Eps = 1e-5;

    /// <summary>Per-channel mean and biased variance of [N, C, S] values, in double.</summary>
    private static (double[] Mean, double[] Var) Statistics(double[] x, int n, int c, int s)
    {
        var mean = new double[c];
        var variance = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sum += x[(i * c + ch) * s + j];
            double mu = sum / (n * s);
            for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sq += Math.Pow(x[(i * c + ch) * s + j] - mu, 2);
            mean[ch] = mu;
            variance[ch] = sq / (n * s);
        }
        return (mean, variance);
    }

    /// <summary>
    /// Checks y = (x - mean)/√(var + eps)·w + b elementwise. The kernels accumulate in double and
    /// round the statistics to the dtype once, so the error is a few units of roundoff of the
    /// terms, times the element count for the double sums of a float64 input (whose mean is off
    /// by up to that many units of the mean magnitude of x, however small the mean itself).
    /// </summary>
    private static void AssertNormalized(TensorData y, double[] x, double[] mean, double[] variance, double[]? w, double[]? b, int n, int c, int s, DType dtype, string context)
    {
        var actual = y.ToDoubleArray();
        double u = GemmReference.Epsilon(dtype);
        for (int ch = 0; ch < c; ch++)
        {
            double meanMagnitude = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) meanMagnitude += Math.Abs(x[(i * c + ch) * s + j]) / (n * s);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    int at = (i * c + ch) * s + j;
                    double scale = (w?[ch] ?? 1) / Math.Sqrt(variance[ch] + Eps), shift = b?[ch] ?? 0;
                    double expected = (x[at] - mean[ch]) * scale + shift;
                    double tolerance = (n * s + 8) * u * ((Math.Abs(x[at] - mean[ch]) + Math.Abs(mean[ch]) + meanMagnitude) * Math.Abs(scale) + Math.Abs(shift)) + 1e-300;
                    if (!(Math.Abs(actual[at] - expected) <= tolerance))
                        Assert.Fail($"{context}: y[{at}] = {actual[at]:R}, expected {expected:R} (tolerance {tolerance:g3})");
                }
        }
    }

    private static Gen<(int N, int C, int S, DType DType, bool Affine)> Cases() =>
        from n in Gen.Choose(1, 4)
        from c in Gen.Choose(1, 4)
        from s in Gen.Choose(1, 40)
        from dtype in Gen.Elements(DType.Float32, DType.Float64)
        from affine in Gen.Elements(true, false)
        where n * s > 1
        select (n, c, s, dtype, affine);

    private static Gen<(int N, int C, int S, DType DType, TensorData X, TensorData? W, TensorData? B, TensorData G)> Problems() =>
        from k in Cases()
        from x in Generators.StridedTensor([k.N, k.C, k.S], k.DType)
        from w in Generators.StridedTensor([k.C], k.DType)
        from b in Generators.StridedTensor([k.C], k.DType)
        from g in Generators.StridedTensor([k.N, k.C, k.S], k.DType)
        select (k.N, k.C, k.S, k.DType, x, k.Affine ? w : null, k.Affine ? b : null, g);

    [Property(MaxTest = 100)]
    public Property BatchNormTraining_MatchesDoubleLoops_OnStridedInputs() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var x = p.X.ToDoubleArray();
            var (y, mean, variance) = TensorData.BatchNormTraining(p.X, p.W, p.B, Eps);
            var (refMean, refVar) = Statistics(x, p.N, p.C, p.S);
            GemmReference.AssertClose(mean.ToDoubleArray(), refMean, refMean.Select(m => Math.Abs(m) + 4).ToArray(), p.N * p.S, p.DType, "mean");
            GemmReference.AssertClose(variance.ToDoubleArray(), refVar, refVar.Select(v => v + 64).ToArray(), 2 * p.N * p.S, p.DType, "variance");
            AssertNormalized(y, x, refMean, refVar, p.W?.ToDoubleArray(), p.B?.ToDoubleArray(), p.N, p.C, p.S, p.DType, "batch_norm training");
        });

    [Property(MaxTest = 100)]
    public Property BatchNormInference_MatchesDoubleLoops_WithGivenStatistics() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var mean = TensorData.FromArray(Enumerable.Range(0, p.C).Select(ch => 0.25 * ch - 0.3).ToArray(), p.C).To(p.DType);
            var variance = TensorData.FromArray(Enumerable.Range(0, p.C).Select(ch => 0.5 + ch).ToArray(), p.C).To(p.DType);
            var y = TensorData.BatchNormInference(p.X, mean, variance, p.W, p.B, Eps);
            AssertNormalized(y, p.X.ToDoubleArray(), mean.ToDoubleArray(), variance.ToDoubleArray(), p.W?.ToDoubleArray(), p.B?.ToDoubleArray(), p.N, p.C, p.S, p.DType, "batch_norm eval");
        });

    [Property(MaxTest = 100)]
    public Property BatchNormBackward_MatchesDoubleLoops_InTrainingAndEvalForm() =>
        Prop.ForAll(Problems().ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (p, training) =>
        {
            var (_, mean, variance) = TensorData.BatchNormTraining(p.X, p.W, p.B, Eps);
            var (dx, dw, db) = TensorData.BatchNormBackward(p.G, p.X, mean, variance, p.W, Eps, training, true, true, true);
            var expected = ReferenceBackward(p.G.ToDoubleArray(), p.X.ToDoubleArray(), mean.ToDoubleArray(), variance.ToDoubleArray(), p.W?.ToDoubleArray(), training, p.N, p.C, p.S);
            int terms = p.N * p.S;
            GemmReference.AssertClose(dw!.ToDoubleArray(), expected.Dw, expected.DwMagnitude, terms + 4, p.DType, "dweight");
            GemmReference.AssertClose(db!.ToDoubleArray(), expected.Db, expected.DbMagnitude, terms, p.DType, "dbias");
            GemmReference.AssertClose(dx!.ToDoubleArray(), expected.Dx, expected.DxMagnitude, terms + 8, p.DType, $"dinput (training {training})");
        });

    private record BackwardReference(double[] Dx, double[] DxMagnitude, double[] Dw, double[] DwMagnitude, double[] Db, double[] DbMagnitude);

    /// <summary>The three gradients from the saved statistics, in double, with the magnitude each sum could carry.</summary>
    private static BackwardReference ReferenceBackward(double[] g, double[] x, double[] mean, double[] variance, double[]? w, bool training, int n, int c, int s)
    {
        var dx = new double[g.Length];
        var dxMag = new double[g.Length];
        double[] dw = new double[c], dwMag = new double[c], db = new double[c], dbMag = new double[c];
        int count = n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double inv = 1 / Math.Sqrt(variance[ch] + Eps), scale = (w?[ch] ?? 1) * inv;
            IEnumerable<int> Indices() => Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, s).Select(j => (i * c + ch) * s + j));
            foreach (int at in Indices())
            {
                double xhat = (x[at] - mean[ch]) * inv;
                dw[ch] += g[at] * xhat;
                dwMag[ch] += Math.Abs(g[at]) * (Math.Abs(x[at]) + Math.Abs(mean[ch])) * inv;
                db[ch] += g[at];
                dbMag[ch] += Math.Abs(g[at]);
            }
            double meanG = training ? db[ch] / count : 0, meanGX = training ? dw[ch] / count : 0;
            double meanGMag = dbMag[ch] / count, meanGXMag = dwMag[ch] / count;
            foreach (int at in Indices())
            {
                double xhat = (x[at] - mean[ch]) * inv, xhatMag = (Math.Abs(x[at]) + Math.Abs(mean[ch])) * inv;
                dx[at] = scale * (g[at] - meanG - xhat * meanGX);
                dxMag[at] = Math.Abs(scale) * (Math.Abs(g[at]) + meanGMag + xhatMag * meanGXMag);
            }
        }
        return new BackwardReference(dx, dxMag, dw, dwMag, db, dbMag);
    }

    [Fact]
    public void BatchNorm_MatchesDoubleLoops_AtEveryRunLengthUpTo40()
    {
        var rng = new Random(3);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            for (int s = 1; s <= 40; s++)
            {
                const int n = 3, c = 2;
                var x = MatmulTests.RandomTensor(rng, dtype, n, c, s);
                var w = MatmulTests.RandomTensor(rng, dtype, c);
                var b = MatmulTests.RandomTensor(rng, dtype, c);
                var g = MatmulTests.RandomTensor(rng, dtype, n, c, s);
                var values = x.ToDoubleArray();
                var (y, mean, variance) = TensorData.BatchNormTraining(x, w, b, Eps);
                var (refMean, refVar) = Statistics(values, n, c, s);
                AssertNormalized(y, values, refMean, refVar, w.ToDoubleArray(), b.ToDoubleArray(), n, c, s, dtype, $"length {s} {dtype}");
                var (dx, _, _) = TensorData.BatchNormBackward(g, x, mean, variance, w, Eps, true, true, false, false);
                var expected = ReferenceBackward(g.ToDoubleArray(), values, mean.ToDoubleArray(), variance.ToDoubleArray(), w.ToDoubleArray(), true, n, c, s);
                GemmReference.AssertClose(dx!.ToDoubleArray(), expected.Dx, expected.DxMagnitude, n * s + 8, dtype, $"dinput, length {s} {dtype}");
            }
    }

    [Fact]
    public void BatchNorm_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var rng = new Random(11);
        var x = MatmulTests.RandomTensor(rng, DType.Float32, 32, 8, 15, 17);
        var w = MatmulTests.RandomTensor(rng, DType.Float32, 8);
        var b = MatmulTests.RandomTensor(rng, DType.Float32, 8);
        var g = MatmulTests.RandomTensor(rng, DType.Float32, 32, 8, 15, 17);
        long[][] Run(int threads)
        {
            using var scope = Threading.Override(threads);
            var (y, mean, variance) = TensorData.BatchNormTraining(x, w, b, Eps);
            var (dx, dw, db) = TensorData.BatchNormBackward(g, x, mean, variance, w, Eps, true, true, true, true);
            var eval = TensorData.BatchNormInference(x, mean, variance, w, b, Eps);
            return [GemmReference.Bits(y), GemmReference.Bits(mean), GemmReference.Bits(variance), GemmReference.Bits(dx!), GemmReference.Bits(dw!), GemmReference.Bits(db!), GemmReference.Bits(eval)];
        }
        var reference = Run(1);
        for (int threads = 2; threads <= 4; threads++)
        {
            var other = Run(threads);
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], other[i]);
        }
    }

    [Fact]
    public void BatchNorm_RejectsMismatchedChannelVectors_NamingShapes()
    {
        var x = TensorData.Zeros(DType.Float32, 2, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => TensorData.BatchNormTraining(x, TensorData.Zeros(DType.Float32, 4), null, Eps));
        Assert.Contains("[2, 3, 4]", e.Message);
        Assert.Contains("weight", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.BatchNormBackward(TensorData.Zeros(DType.Float32, 2, 3, 5), x,
            TensorData.Zeros(DType.Float32, 3), TensorData.Ones(DType.Float32, 3), null, Eps, true, true, false, false));
        Assert.Contains("[2, 3, 5]", e.Message);
    }
}
