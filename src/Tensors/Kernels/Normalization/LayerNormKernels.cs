using System.Numerics;

namespace MiniTorch.Tensors.Kernels.Normalization;

/// <summary>
/// Layer norm over contiguous rows of <c>n</c> elements, one row at a time. Statistics and
/// gradient sums accumulate in double whatever T is. An empty weight or bias span means "none".
/// </summary>
internal static class LayerNormKernels
{
    /// <summary>y = (x - mean)·rstd·w + b per row, with the biased variance; writes each row's mean and rstd = 1/√(var + eps).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int n, int rows, ReadOnlySpan<T> w, ReadOnlySpan<T> b, double eps, Span<T> y, Span<T> mean, Span<T> rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int row = 0; row < rows; row++)
        {
            var xs = x.Slice(row * n, n);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += At(xs, j);
            double mu = sum / n, sq = 0;
            for (int j = 0; j < n; j++) { double d = At(xs, j) - mu; sq += d * d; }
            double inv = 1 / Math.Sqrt(sq / n + eps);
            mean[row] = T.CreateTruncating(mu);
            rstd[row] = T.CreateTruncating(inv);
            var ys = y.Slice(row * n, n);
            for (int j = 0; j < n; j++)
            {
                double v = (At(xs, j) - mu) * inv;
                if (!w.IsEmpty) v *= At(w, j);
                if (!b.IsEmpty) v += At(b, j);
                ys[j] = T.CreateTruncating(v);
            }
        }
    }

    /// <summary>
    /// dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) with ĝ = g·w, dw = Σrows g·x̂, db = Σrows g. An empty
    /// <paramref name="dx"/> is not computed; a null <paramref name="dw"/> or <paramref name="db"/> neither.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, ReadOnlySpan<T> w, int n, int rows,
        Span<T> dx, bool needInput, double[]? dw, double[]? db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int row = 0; row < rows; row++)
        {
            double mu = At(mean, row), inv = At(rstd, row);
            int o = row * n;
            double sumG = 0, sumGX = 0;
            for (int j = 0; j < n; j++)
            {
                double xhat = (At(x, o + j) - mu) * inv, gj = At(g, o + j);
                if (dw != null) dw[j] += gj * xhat;
                if (db != null) db[j] += gj;
                double gh = w.IsEmpty ? gj : gj * At(w, j);
                sumG += gh;
                sumGX += gh * xhat;
            }
            if (!needInput) continue;
            double meanG = sumG / n, meanGX = sumGX / n;
            for (int j = 0; j < n; j++)
            {
                double xhat = (At(x, o + j) - mu) * inv, gj = At(g, o + j);
                double gh = w.IsEmpty ? gj : gj * At(w, j);
                dx[o + j] = T.CreateTruncating(inv * (gh - meanG - xhat * meanGX));
            }
        }
    }

    private static double At<T>(ReadOnlySpan<T> span, int i) where T : IFloatingPointIeee754<T> => double.CreateTruncating(span[i]);
}
