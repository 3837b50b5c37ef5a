using System.Numerics;
using MiniTorch.Tensors.Kernels.Normalization;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors;

/// <summary>
/// Entry points of the fused layer-norm and batch-norm kernels (forward and backward). Statistics
/// and gradient sums accumulate in double whatever the dtype, so float32 results stay within a few
/// ulp of a double reference; a chain of separate mean/var/sub/mul kernels would allocate six
/// temporaries and round at every step.
/// </summary>
public static class NormalizationOps
{
    extension(TensorData)
    {
        /// <summary>
        /// Layer norm over the last <paramref name="normalizedNumel"/> elements of each row:
        /// y = (x - mean)·rstd·weight + bias with the biased variance. Returns the per-row mean and
        /// rstd = 1/√(var + eps) (shape [rows]) for the backward pass.
        /// </summary>
        public static (TensorData Output, TensorData Mean, TensorData Rstd) LayerNorm(TensorData input, int normalizedNumel, TensorData? weight, TensorData? bias, double eps)
        {
            int n = normalizedNumel, rows = n == 0 ? 0 : input.Numel / n;
            var output = TensorData.Uninitialized(input.DType, input.Shape);
            var mean = TensorData.Uninitialized(input.DType, [rows]);
            var rstd = TensorData.Uninitialized(input.DType, [rows]);
            switch (input.DType)
            {
                case DType.Float32: LayerNormForward<float>(input, n, rows, weight, bias, eps, output, mean, rstd); break;
                case DType.Float64: LayerNormForward<double>(input, n, rows, weight, bias, eps, output, mean, rstd); break;
                default: throw input.NotFloating("layer_norm");
            }
            return (output, mean, rstd);
        }

        /// <summary>
        /// Gradients of <see cref="LayerNorm"/> (dx, and dweight and dbias of shape [normalizedNumel]),
        /// by the formulas stated on <see cref="LayerNormKernels.Backward{T}"/>. Unneeded ones are null.
        /// </summary>
        public static (TensorData? Input, TensorData? Weight, TensorData? Bias) LayerNormBackward(
            TensorData grad, TensorData input, TensorData mean, TensorData rstd, TensorData? weight, int normalizedNumel,
            bool needInput, bool needWeight, bool needBias)
        {
            int n = normalizedNumel, rows = n == 0 ? 0 : input.Numel / n;
            var dx = needInput ? TensorData.Uninitialized(input.DType, input.Shape) : null;
            var dw = needWeight ? TensorData.Uninitialized(input.DType, [n]) : null;
            var db = needBias ? TensorData.Uninitialized(input.DType, [n]) : null;
            switch (input.DType)
            {
                case DType.Float32: LayerNormBackwardTyped<float>(grad, input, mean, rstd, weight, n, rows, dx, dw, db); break;
                case DType.Float64: LayerNormBackwardTyped<double>(grad, input, mean, rstd, weight, n, rows, dx, dw, db); break;
                default: throw input.NotFloating("layer_norm_backward");
            }
            return (dx, dw, db);
        }

        /// <summary>
        /// Training-mode batch norm over [N, C, *]: per channel, mean and biased variance over every
        /// dim but 1; y = (x - mean)/√(var + eps)·weight + bias. Returns the statistics (shape [C]).
        /// </summary>
        /// <exception cref="ArgumentException">A channel has at most one value (see <see cref="RequireBatchStatistics"/>).</exception>
        public static (TensorData Output, TensorData Mean, TensorData Var) BatchNormTraining(TensorData input, TensorData? weight, TensorData? bias, double eps)
        {
            var d = BatchNormDims(input, weight, bias);
            RequireBatchStatistics(input.Shape);
            var mean = TensorData.Uninitialized(input.DType, [d.C]);
            var variance = TensorData.Uninitialized(input.DType, [d.C]);
            var output = TensorData.Uninitialized(input.DType, input.Shape);
            int threads = Threading.ThreadCount;
            switch (input.DType)
            {
                case DType.Float32: BatchNormTrainingTyped<float>(d, input, weight, bias, eps, output, mean, variance, threads); break;
                case DType.Float64: BatchNormTrainingTyped<double>(d, input, weight, bias, eps, output, mean, variance, threads); break;
                default: throw input.NotFloating("batch_norm");
            }
            return (output, mean, variance);
        }

        /// <summary>y = (x - mean)/√(var + eps)·weight + bias per channel, with given statistics (eval mode).</summary>
        public static TensorData BatchNormInference(TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias, double eps)
        {
            var d = BatchNormDims(input, weight, bias);
            CheckChannelVector(mean, d.C, "running_mean", input);
            CheckChannelVector(variance, d.C, "running_var", input);
            var output = TensorData.Uninitialized(input.DType, input.Shape);
            int threads = Threading.ThreadCount;
            switch (input.DType)
            {
                case DType.Float32: BatchNormApplyTyped<float>(d, input, mean, variance, weight, bias, eps, output, threads); break;
                case DType.Float64: BatchNormApplyTyped<double>(d, input, mean, variance, weight, bias, eps, output, threads); break;
                default: throw input.NotFloating("batch_norm");
            }
            return output;
        }

        /// <summary>
        /// Gradients of batch norm (dx, and dweight and dbias of shape [C]), from this batch's statistics
        /// when <paramref name="training"/> else from fixed ones, by the formulas stated on
        /// <see cref="BatchNormKernels{T}.Backward"/>. Unneeded gradients are null.
        /// </summary>
        public static (TensorData? Input, TensorData? Weight, TensorData? Bias) BatchNormBackward(
            TensorData grad, TensorData input, TensorData mean, TensorData variance, TensorData? weight, double eps, bool training,
            bool needInput, bool needWeight, bool needBias)
        {
            var d = BatchNormDims(input, weight, null);
            OperandChecks.CheckSameShape(grad, input, "batch_norm_backward");
            CheckChannelVector(mean, d.C, "mean", input);
            CheckChannelVector(variance, d.C, "variance", input);
            var dx = needInput ? TensorData.Uninitialized(input.DType, input.Shape) : null;
            var dw = needWeight ? TensorData.Uninitialized(input.DType, [d.C]) : null;
            var db = needBias ? TensorData.Uninitialized(input.DType, [d.C]) : null;
            int threads = Threading.ThreadCount;
            switch (input.DType)
            {
                case DType.Float32: BatchNormBackwardTyped<float>(d, grad, input, mean, variance, weight, eps, training, dx, dw, db, threads); break;
                case DType.Float64: BatchNormBackwardTyped<double>(d, grad, input, mean, variance, weight, eps, training, dx, dw, db, threads); break;
                default: throw input.NotFloating("batch_norm_backward");
            }
            return (dx, dw, db);
        }
    }

    /// <summary>
    /// Batch statistics need more than one value per channel of an [N, C, *] input (one value has
    /// no variance). Training-mode batch norm checks this; a module may check it first, before it
    /// changes any state.
    /// </summary>
    /// <exception cref="ArgumentException">A channel of <paramref name="inputShape"/> holds at most one value.</exception>
    public static void RequireBatchStatistics(ReadOnlySpan<int> inputShape)
    {
        long numel = 1;
        foreach (int size in inputShape) numel *= size;
        int channels = inputShape.Length > 1 ? inputShape[1] : 1;
        if (numel / Math.Max(1, channels) <= 1)
            throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {ShapeUtil.Format(inputShape)}");
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

    private static void CheckChannelVector(TensorData t, int channels, string name, TensorData input)
    {
        if (t.Rank != 1 || t.Size(0) != channels || t.DType != input.DType)
            throw new ArgumentException($"batch_norm: {name} must be a {input.DType.Name()} vector of {channels} elements (one per channel of input {ShapeUtil.Format(input.Shape)}), got {t.DType.Name()} {ShapeUtil.Format(t.Shape)}");
    }

    private static unsafe void BatchNormTrainingTyped<T>(BatchNormShape d, TensorData input, TensorData? weight, TensorData? bias, double eps,
        TensorData output, TensorData mean, TensorData variance, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous();
        TensorData? w = weight?.Contiguous(), b = bias?.Contiguous();
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* pw = &w.FirstElement<T>())
        fixed (T* pb = &b.FirstElement<T>())
        fixed (T* py = &output.FirstElement<T>())
        fixed (T* pm = &mean.FirstElement<T>())
        fixed (T* pv = &variance.FirstElement<T>())
        {
            BatchNormKernels<T>.Training(d, px, pw, pb, eps, py, pm, pv, threads);
        }
    }

    private static unsafe void BatchNormApplyTyped<T>(BatchNormShape d, TensorData input, TensorData mean, TensorData variance, TensorData? weight, TensorData? bias,
        double eps, TensorData output, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.Contiguous();
        TensorData m = mean.Contiguous(), v = variance.Contiguous();
        TensorData? w = weight?.Contiguous(), b = bias?.Contiguous();
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* pm = &m.FirstElement<T>())
        fixed (T* pv = &v.FirstElement<T>())
        fixed (T* pw = &w.FirstElement<T>())
        fixed (T* pb = &b.FirstElement<T>())
        fixed (T* py = &output.FirstElement<T>())
        {
            BatchNormKernels<T>.Apply(d, px, pm, pv, pw, pb, eps, py, threads);
        }
    }

    private static unsafe void BatchNormBackwardTyped<T>(BatchNormShape d, TensorData grad, TensorData input, TensorData mean, TensorData variance, TensorData? weight,
        double eps, bool training, TensorData? dxOut, TensorData? dwOut, TensorData? dbOut, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorData g = grad.Contiguous(), x = input.Contiguous(), m = mean.Contiguous(), v = variance.Contiguous();
        var w = weight?.Contiguous();
        fixed (T* pg = &g.FirstElement<T>())
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* pm = &m.FirstElement<T>())
        fixed (T* pv = &v.FirstElement<T>())
        fixed (T* pw = &w.FirstElement<T>())
        fixed (T* pdx = &dxOut.FirstElement<T>())
        fixed (T* pdw = &dwOut.FirstElement<T>())
        fixed (T* pdb = &dbOut.FirstElement<T>())
        {
            BatchNormKernels<T>.Backward(d, pg, px, pm, pv, pw, eps, training, pdx, pdw, pdb, threads);
        }
    }

    private static void LayerNormForward<T>(TensorData input, int n, int rows, TensorData? weight, TensorData? bias, double eps, TensorData output, TensorData mean, TensorData rstd)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        LayerNormKernels.Forward<T>(input.Contiguous().Span<T>(), n, rows, SpanOrEmpty<T>(weight), SpanOrEmpty<T>(bias), eps, output.Span<T>(), mean.Span<T>(), rstd.Span<T>());

    private static void LayerNormBackwardTyped<T>(TensorData grad, TensorData input, TensorData mean, TensorData rstd, TensorData? weight, int n, int rows,
        TensorData? dxOut, TensorData? dwOut, TensorData? dbOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dwAcc = dwOut != null ? new double[n] : null;
        var dbAcc = dbOut != null ? new double[n] : null;
        LayerNormKernels.Backward<T>(grad.Contiguous().Span<T>(), input.Contiguous().Span<T>(), mean.Contiguous().Span<T>(), rstd.Contiguous().Span<T>(),
            SpanOrEmpty<T>(weight), n, rows, dxOut != null ? dxOut.Span<T>() : default, dxOut != null, dwAcc, dbAcc);
        Store(dwAcc, dwOut);
        Store(dbAcc, dbOut);

        static void Store(double[]? acc, TensorData? target)
        {
            if (acc == null) return;
            var t = target!.Span<T>();
            for (int j = 0; j < acc.Length; j++) t[j] = T.CreateTruncating(acc[j]);
        }
    }

    private static ReadOnlySpan<T> SpanOrEmpty<T>(TensorData? t) => t != null ? t.Contiguous().Span<T>() : default;
}
