using System.Numerics;
using MiniTorch.Tensors.Kernels.Normalization;
using MiniTorch.Tensors.Parallel;

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
    public static (TensorData Output, TensorData Mean, TensorData Var) BatchNormTraining(TensorData input, TensorData? weight, TensorData? bias, double eps) =>
        BatchNormTraining(input, weight, bias, eps, Threading.ThreadCount);

    internal static (TensorData Output, TensorData Mean, TensorData Var) BatchNormTraining(TensorData input, TensorData? weight, TensorData? bias, double eps, int threads)
    {
        var d = BatchNormDims(input, weight, bias);
        var mean = Uninitialized(input.DType, [d.C]);
        var variance = Uninitialized(input.DType, [d.C]);
        var output = Uninitialized(input.DType, input.Shape);
        switch (input.DType)
        {
            case DType.Float32: BatchNormTrainingTyped<float>(d, input, weight, bias, eps, output, mean, variance, threads); break;
            case DType.Float64: BatchNormTrainingTyped<double>(d, input, weight, bias, eps, output, mean, variance, threads); break;
            default: throw input.NotFloating("batch_norm");
        }
        return (output, mean, variance);
    }

    /// <summary>y = (x - mean)/√(var + eps)·weight + bias per channel, with given statistics (eval mode).</summary>
    public static TensorData BatchNormInference(TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias, double eps) =>
        BatchNormInference(input, mean, variance, weight, bias, eps, Threading.ThreadCount);

    internal static TensorData BatchNormInference(TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias, double eps, int threads)
    {
        var d = BatchNormDims(input, weight, bias);
        CheckChannelVector(mean, d.C, "running_mean", input);
        CheckChannelVector(variance, d.C, "running_var", input);
        var output = Uninitialized(input.DType, input.Shape);
        switch (input.DType)
        {
            case DType.Float32: BatchNormApplyTyped<float>(d, input, mean, variance, weight, bias, eps, output, threads); break;
            case DType.Float64: BatchNormApplyTyped<double>(d, input, mean, variance, weight, bias, eps, output, threads); break;
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
        bool needInput, bool needWeight, bool needBias) =>
        BatchNormBackward(grad, input, mean, variance, weight, eps, training, needInput, needWeight, needBias, Threading.ThreadCount);

    internal static (TensorData? Input, TensorData? Weight, TensorData? Bias) BatchNormBackward(
        TensorData grad, TensorData input, TensorData mean, TensorData variance, TensorData? weight, double eps, bool training,
        bool needInput, bool needWeight, bool needBias, int threads)
    {
        var d = BatchNormDims(input, weight, null);
        CheckSameShape(grad, input, "batch_norm_backward");
        CheckChannelVector(mean, d.C, "mean", input);
        CheckChannelVector(variance, d.C, "variance", input);
        var dx = needInput ? Uninitialized(input.DType, input.Shape) : null;
        var dw = needWeight ? Uninitialized(input.DType, [d.C]) : null;
        var db = needBias ? Uninitialized(input.DType, [d.C]) : null;
        switch (input.DType)
        {
            case DType.Float32: BatchNormBackwardTyped<float>(d, grad, input, mean, variance, weight, eps, training, dx, dw, db, threads); break;
            case DType.Float64: BatchNormBackwardTyped<double>(d, grad, input, mean, variance, weight, eps, training, dx, dw, db, threads); break;
            default: throw input.NotFloating("batch_norm_backward");
        }
        return (dx, dw, db);
    }

    /// <summary>N, C and the elements per (image, channel) of an [N, C, *] input, after checking the affine vectors.</summary>
    private static BatchNormShape BatchNormDims(TensorData input, TensorData? weight, TensorData? bias)
    {
        if (input.Rank < 2) throw new ArgumentException($"batch_norm: expected an input of shape [N, C, ...], got {ShapeUtil.Format(input.Shape)}");
        int n = input.Size(0), c = input.Size(1);
        if (weight != null) CheckChannelVector(weight, c, "weight", input);
        if (bias != null) CheckChannelVector(bias, c, "bias", input);
        return new BatchNormShape(n, c, n * c == 0 ? 0 : input.Numel / (n * c));
    }

    private static unsafe void BatchNormTrainingTyped<T>(BatchNormShape d, TensorData input, TensorData? weight, TensorData? bias, double eps,
        TensorData output, TensorData mean, TensorData variance, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous();
        TensorData? w = weight?.Contiguous(), b = bias?.Contiguous();
        fixed (T* px = &x.Reference<T>())
        fixed (T* pw = &(w ?? x).Reference<T>())
        fixed (T* pb = &(b ?? x).Reference<T>())
        fixed (T* py = &output.Reference<T>())
        fixed (T* pm = &mean.Reference<T>())
        fixed (T* pv = &variance.Reference<T>())
        {
            BatchNormKernels<T>.Training(d, px + x.Offset, At(w, pw), At(b, pb), eps, py, pm, pv, threads);
        }
    }

    private static unsafe void BatchNormApplyTyped<T>(BatchNormShape d, TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias,
        double eps, TensorData output, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous();
        TensorData m = mean.Contiguous(), v = variance.Contiguous();
        TensorData? w = weight?.Contiguous(), b = bias?.Contiguous();
        fixed (T* px = &x.Reference<T>())
        fixed (T* pm = &m.Reference<T>())
        fixed (T* pv = &v.Reference<T>())
        fixed (T* pw = &(w ?? x).Reference<T>())
        fixed (T* pb = &(b ?? x).Reference<T>())
        fixed (T* py = &output.Reference<T>())
        {
            BatchNormKernels<T>.Apply(d, px + x.Offset, pm + m.Offset, pv + v.Offset, At(w, pw), At(b, pb), eps, py, threads);
        }
    }

    private static unsafe void BatchNormBackwardTyped<T>(BatchNormShape d, TensorData grad, TensorData input, TensorData mean, TensorData variance, TensorData? weight,
        double eps, bool training, TensorData? dxOut, TensorData? dwOut, TensorData? dbOut, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorData g = grad.Contiguous(), x = input.Contiguous(), m = mean.Contiguous(), v = variance.Contiguous();
        var w = weight?.Contiguous();
        fixed (T* pg = &g.Reference<T>())
        fixed (T* px = &x.Reference<T>())
        fixed (T* pm = &m.Reference<T>())
        fixed (T* pv = &v.Reference<T>())
        fixed (T* pw = &(w ?? x).Reference<T>())
        fixed (T* pdx = &(dxOut ?? x).Reference<T>())
        fixed (T* pdw = &(dwOut ?? x).Reference<T>())
        fixed (T* pdb = &(dbOut ?? x).Reference<T>())
        {
            BatchNormKernels<T>.Backward(d, pg + g.Offset, px + x.Offset, pm + m.Offset, pv + v.Offset, At(w, pw), eps, training,
                At(dxOut, pdx), At(dwOut, pdw), At(dbOut, pdb), threads);
        }
    }

    /// <summary>The first element of an optional tensor pinned at <paramref name="pinned"/> (its storage start), or null.</summary>
    private static unsafe T* At<T>(TensorData? t, T* pinned) where T : unmanaged => t == null ? null : pinned + t.Offset;

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

    private static void CheckChannelVector(TensorData t, int channels, string name, TensorData input)
    {
        if (t.Rank != 1 || t.Size(0) != channels || t.DType != input.DType)
            throw new ArgumentException($"batch_norm: {name} must be a {input.DType.Name()} vector of {channels} elements (one per channel of input {ShapeUtil.Format(input.Shape)}), got {t.DType.Name()} {ShapeUtil.Format(t.Shape)}");
    }
}
