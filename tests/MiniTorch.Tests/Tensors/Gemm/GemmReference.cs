using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Gemm;

/// <summary>
/// Double-precision reference products and the tolerance check shared by the matrix-multiply,
/// convolution and pooling tests.
/// </summary>
public static class GemmReference
{
    /// <summary>C = A B for row-major double arrays, with the sum of |a||b| per element for the error bound.</summary>
    public static (double[] Value, double[] Magnitude) Matmul(double[] a, double[] b, int m, int k, int n)
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = a[i * k + p] * b[p * n + j];
                    s += t;
                    mag += Math.Abs(t);
                }
                value[i * n + j] = s;
                magnitude[i * n + j] = mag;
            }
        return (value, magnitude);
    }

    /// <summary>Unit roundoff of the dtype.</summary>
    public static double Epsilon(DType dtype) => dtype == DType.Float32 ? Math.Pow(2, -24) : Math.Pow(2, -53);

    /// <summary>
    /// Asserts |actual - expected| &lt;= (terms + 2) u * magnitude elementwise: the classical bound
    /// for a sum of <paramref name="terms"/> products in any order, plus the final rounding.
    /// </summary>
    public static void AssertClose(double[] actual, double[] expected, double[] magnitude, int terms, DType dtype, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        double u = Epsilon(dtype);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = (terms + 2) * u * magnitude[i] + 1e-300;
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                Assert.Fail($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (tolerance {tolerance:g3})");
        }
    }

    /// <summary>The raw bits of every element, for bit-identity checks.</summary>
    public static long[] Bits(TensorData t) => t.DType == DType.Float32
        ? t.ToArray<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray()
        : t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray();
}
