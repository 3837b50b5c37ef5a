using System.Numerics;

namespace MiniTorch.Tensors;

// Fused layer-norm and batch-norm kernels (forward and backward). Statistics and gradient sums
// accumulate in double whatever the dtype, so float32 results stay within a few ulp of a double
// reference; a chain of separate mean/var/sub/mul kernels would allocate six temporaries and round
// at every step.
public sealed partial class TensorData
{
    /// <summary>
    /// Layer norm over the last <paramref name="normalizedNumel"/> elements of each row:
    /// y = (x - mean)·rstd·weight + bias with the biased variance. Returns the per-row mean and
    /// rstd = 1/√(var + eps) (shape [rows]) for the backward pass.
    /// </summary>
    public static (TensorData Output, TensorData Mean, TensorData Rstd) LayerNorm(TensorData input, int normalizedNumel, TensorData? weight, TensorData? bias, double eps)
    {
        int n = normalizedNumel, rows = n == 0 ? 0 : input.Numel / n;
        var output = Uninitialized(input.DType, input.Shape);
        var mean = Uninitialized(input.DType, [rows]);
        var rstd = Uninitialized(input.DType, [rows]);
        switch (input.DType)
        {
            case DType.Float32: LayerNormForward<float>(input, n, rows, weight, bias, eps, output, mean, rstd); break;
            case DType.Float64: LayerNormForward<double>(input, n, rows, weight, bias, eps, output, mean, rstd); break;
            default: throw input.NotFloating("layer_norm");
        }
        return (output, mean, rstd);
    }

    /// <summary>
    /// Gradients of <see cref="LayerNorm"/>: dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) with ĝ = g·weight;
    /// dweight = Σrows g·x̂; dbias = Σrows g (both of shape [normalizedNumel]). Unneeded ones are null.
    /// </summary>
    public static (TensorData? Input, TensorData? Weight, TensorData? Bias) LayerNormBackward(
        TensorData grad, TensorData input, TensorData mean, TensorData rstd, TensorData? weight, int normalizedNumel,
        bool needInput, bool needWeight, bool needBias)
    {
        int n = normalizedNumel, rows = n == 0 ? 0 : input.Numel / n;
        var dx = needInput ? Uninitialized(input.DType, input.Shape) : null;
        var dw = needWeight ? Uninitialized(input.DType, [n]) : null;
        var db = needBias ? Uninitialized(input.DType, [n]) : null;
        switch (input.DType)
        {
            case DType.Float32: LayerNormBackward<float>(grad, input, mean, rstd, weight, n, rows, dx, dw, db); break;
            case DType.Float64: LayerNormBackward<double>(grad, input, mean, rstd, weight, n, rows, dx, dw, db); break;
            default: throw input.NotFloating("layer_norm_backward");
        }
        return (dx, dw, db);
    }

    /// <summary>
    /// Training-mode batch norm over [N, C, *]: per channel, mean and biased variance over every
    /// dim but 1; y = (x - mean)/√(var + eps)·weight + bias. Returns the statistics (shape [C]).
    /// </summary>
    public static (TensorData Output, TensorData Mean, TensorData Var) BatchNormTraining(TensorData input, TensorData? weight, TensorData? bias, double eps)
    {
        var (n, c, s) = BatchNormDims(input);
        var mean = Uninitialized(input.DType, [c]);
        var variance = Uninitialized(input.DType, [c]);
        switch (input.DType)
        {
            case DType.Float32: BatchNormStats<float>(input, n, c, s, mean, variance); break;
            case DType.Float64: BatchNormStats<double>(input, n, c, s, mean, variance); break;
            default: throw input.NotFloating("batch_norm");
        }
        return (BatchNormInference(input, mean, variance, weight, bias, eps), mean, variance);
    }

    /// <summary>y = (x - mean)/√(var + eps)·weight + bias per channel, with given statistics (eval mode).</summary>
    public static TensorData BatchNormInference(TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias, double eps)
    {
        var (n, c, s) = BatchNormDims(input);
        var output = Uninitialized(input.DType, input.Shape);
        switch (input.DType)
        {
            case DType.Float32: BatchNormApply<float>(input, n, c, s, mean, variance, weight, bias, eps, output); break;
            case DType.Float64: BatchNormApply<double>(input, n, c, s, mean, variance, weight, bias, eps, output); break;
            default: throw input.NotFloating("batch_norm");
        }
        return output;
    }

    /// <summary>
    /// Gradients of batch norm. Training (statistics from this batch): dx = w·invstd·(g - mean(g) -
    /// x̂·mean(g·x̂)) per channel; eval (fixed statistics): dx = g·w·invstd. Both: dweight = Σ g·x̂,
    /// dbias = Σ g (shape [C]). Unneeded gradients are null.
    /// </summary>
    public static (TensorData? Input, TensorData? Weight, TensorData? Bias) BatchNormBackward(
        TensorData grad, TensorData input, TensorData mean, TensorData variance, TensorData? weight, double eps, bool training,
        bool needInput, bool needWeight, bool needBias)
    {
        var (n, c, s) = BatchNormDims(input);
        var dx = needInput ? Uninitialized(input.DType, input.Shape) : null;
        var dw = needWeight ? Uninitialized(input.DType, [c]) : null;
        var db = needBias ? Uninitialized(input.DType, [c]) : null;
        switch (input.DType)
        {
            case DType.Float32: BatchNormBackward<float>(grad, input, n, c, s, mean, variance, weight, eps, training, dx, dw, db); break;
            case DType.Float64: BatchNormBackward<double>(grad, input, n, c, s, mean, variance, weight, eps, training, dx, dw, db); break;
            default: throw input.NotFloating("batch_norm_backward");
        }
        return (dx, dw, db);
    }

    private static (int N, int C, int S) BatchNormDims(TensorData input)
    {
        if (input.Rank < 2) throw new ArgumentException($"batch_norm: expected an input of shape [N, C, ...], got {ShapeUtil.Format(input.Shape)}");
        int n = input.Size(0), c = input.Size(1);
        return (n, c, n * c == 0 ? 0 : input.Numel / (n * c));
    }

    private static double At<T>(ReadOnlySpan<T> span, int i) where T : IFloatingPointIeee754<T> => double.CreateTruncating(span[i]);

    private static void LayerNormForward<T>(TensorData input, int n, int rows, TensorData? weight, TensorData? bias, double eps, TensorData output, TensorData mean, TensorData rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous().Span<T>();
        Span<T> w = weight != null ? weight.Contiguous().Span<T>() : default;
        Span<T> b = bias != null ? bias.Contiguous().Span<T>() : default;
        var y = output.Span<T>();
        var m = mean.Span<T>();
        var r = rstd.Span<T>();
        for (int row = 0; row < rows; row++)
        {
            var xs = x.Slice(row * n, n);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += At<T>(xs, j);
            double mu = sum / n, sq = 0;
            for (int j = 0; j < n; j++) { double d = At<T>(xs, j) - mu; sq += d * d; }
            double inv = 1 / Math.Sqrt(sq / n + eps);
            m[row] = T.CreateTruncating(mu);
            r[row] = T.CreateTruncating(inv);
            var ys = y.Slice(row * n, n);
            for (int j = 0; j < n; j++)
            {
                double v = (At<T>(xs, j) - mu) * inv;
                if (!w.IsEmpty) v *= At<T>(w, j);
                if (!b.IsEmpty) v += At<T>(b, j);
                ys[j] = T.CreateTruncating(v);
            }
        }
    }

    private static void LayerNormBackward<T>(TensorData grad, TensorData input, TensorData mean, TensorData rstd, TensorData? weight, int n, int rows,
        TensorData? dxOut, TensorData? dwOut, TensorData? dbOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = grad.Contiguous().Span<T>();
        var x = input.Contiguous().Span<T>();
        var m = mean.Contiguous().Span<T>();
        var r = rstd.Contiguous().Span<T>();
        Span<T> w = weight != null ? weight.Contiguous().Span<T>() : default;
        var dwAcc = dwOut != null ? new double[n] : null;
        var dbAcc = dbOut != null ? new double[n] : null;
        var dx = dxOut != null ? dxOut.Span<T>() : default;
        for (int row = 0; row < rows; row++)
        {
            double mu = At<T>(m, row), inv = At<T>(r, row);
            int o = row * n;
            double sumG = 0, sumGX = 0;
            for (int j = 0; j < n; j++)
            {
                double xhat = (At<T>(x, o + j) - mu) * inv, gj = At<T>(g, o + j);
                if (dwAcc != null) dwAcc[j] += gj * xhat;
                if (dbAcc != null) dbAcc[j] += gj;
                double gh = w.IsEmpty ? gj : gj * At<T>(w, j);
                sumG += gh;
                sumGX += gh * xhat;
            }
            if (dxOut == null) continue;
            double meanG = sumG / n, meanGX = sumGX / n;
            for (int j = 0; j < n; j++)
            {
                double xhat = (At<T>(x, o + j) - mu) * inv, gj = At<T>(g, o + j);
                double gh = w.IsEmpty ? gj : gj * At<T>(w, j);
                dx[o + j] = T.CreateTruncating(inv * (gh - meanG - xhat * meanGX));
            }
        }
        Store(dwAcc, dwOut);
        Store(dbAcc, dbOut);

        static void Store(double[]? acc, TensorData? target)
        {
            if (acc == null) return;
            var t = target!.Span<T>();
            for (int j = 0; j < acc.Length; j++) t[j] = T.CreateTruncating(acc[j]);
        }
    }

    private static void BatchNormStats<T>(TensorData input, int n, int c, int s, TensorData mean, TensorData variance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous().Span<T>();
        var m = mean.Span<T>();
        var v = variance.Span<T>();
        double count = (double)n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                var run = x.Slice((i * c + ch) * s, s);
                for (int j = 0; j < s; j++) sum += At<T>(run, j);
            }
            double mu = sum / count, sq = 0;
            for (int i = 0; i < n; i++)
            {
                var run = x.Slice((i * c + ch) * s, s);
                for (int j = 0; j < s; j++) { double d = At<T>(run, j) - mu; sq += d * d; }
            }
            m[ch] = T.CreateTruncating(mu);
            v[ch] = T.CreateTruncating(sq / count);
        }
    }

    private static void BatchNormApply<T>(TensorData input, int n, int c, int s, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias, double eps, TensorData output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckChannelVector(mean, c, "running_mean", input);
        CheckChannelVector(variance, c, "running_var", input);
        if (weight != null) CheckChannelVector(weight, c, "weight", input);
        if (bias != null) CheckChannelVector(bias, c, "bias", input);
        var x = input.Contiguous().Span<T>();
        var y = output.Span<T>();
        var m = mean.Contiguous().Span<T>();
        var v = variance.Contiguous().Span<T>();
        Span<T> w = weight != null ? weight.Contiguous().Span<T>() : default;
        Span<T> b = bias != null ? bias.Contiguous().Span<T>() : default;
        for (int ch = 0; ch < c; ch++)
        {
            double inv = 1 / Math.Sqrt(At<T>(v, ch) + eps), mu = At<T>(m, ch);
            double scale = w.IsEmpty ? inv : inv * At<T>(w, ch), shift = b.IsEmpty ? 0 : At<T>(b, ch);
            for (int i = 0; i < n; i++)
            {
                int o = (i * c + ch) * s;
                for (int j = 0; j < s; j++) y[o + j] = T.CreateTruncating((At<T>(x, o + j) - mu) * scale + shift);
            }
        }
    }

    private static void BatchNormBackward<T>(TensorData grad, TensorData input, int n, int c, int s, TensorData mean, TensorData variance, TensorData? weight, double eps, bool training,
        TensorData? dxOut, TensorData? dwOut, TensorData? dbOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = grad.Contiguous().Span<T>();
        var x = input.Contiguous().Span<T>();
        var m = mean.Contiguous().Span<T>();
        var v = variance.Contiguous().Span<T>();
        Span<T> w = weight != null ? weight.Contiguous().Span<T>() : default;
        var dx = dxOut != null ? dxOut.Span<T>() : default;
        double count = (double)n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double inv = 1 / Math.Sqrt(At<T>(v, ch) + eps), mu = At<T>(m, ch);
            double sumG = 0, sumGX = 0;
            for (int i = 0; i < n; i++)
            {
                int o = (i * c + ch) * s;
                for (int j = 0; j < s; j++)
                {
                    double gj = At<T>(g, o + j);
                    sumG += gj;
                    sumGX += gj * (At<T>(x, o + j) - mu) * inv;
                }
            }
            if (dwOut != null) dwOut.Span<T>()[ch] = T.CreateTruncating(sumGX);
            if (dbOut != null) dbOut.Span<T>()[ch] = T.CreateTruncating(sumG);
            if (dxOut == null) continue;
            double scale = w.IsEmpty ? inv : inv * At<T>(w, ch);
            double meanG = training ? sumG / count : 0, meanGX = training ? sumGX / count : 0;
            for (int i = 0; i < n; i++)
            {
                int o = (i * c + ch) * s;
                for (int j = 0; j < s; j++)
                {
                    double xhat = (At<T>(x, o + j) - mu) * inv;
                    dx[o + j] = T.CreateTruncating(scale * (At<T>(g, o + j) - meanG - xhat * meanGX));
                }
            }
        }
    }

    private static void CheckChannelVector(TensorData t, int channels, string name, TensorData input)
    {
        if (t.Rank != 1 || t.Size(0) != channels || t.DType != input.DType)
            throw new ArgumentException($"batch_norm: {name} must be a {input.DType.Name()} vector of {channels} elements (one per channel of input {ShapeUtil.Format(input.Shape)}), got {t.DType.Name()} {ShapeUtil.Format(t.Shape)}");
    }
}
