using System.Numerics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Normalization;

/// <summary>The layout batch norm sees: N images of C channels of S contiguous elements each.</summary>
internal readonly record struct BatchNormShape(int N, int C, int S)
{
    /// <summary>Elements of one channel: N runs of S, each run <see cref="RunStride"/> apart.</summary>
    public double Count => (double)N * S;

    public int RunStride => C * S;
}

/// <summary>
/// Batch-norm forward (batch statistics or given ones) and backward over contiguous [N, C, *]
/// data. Each channel is one task: its N runs are summed in a fixed order (vector lanes, then the
/// scalar tail of each run), so the result does not depend on the thread count. All arithmetic is
/// in double, as in the scalar reference: statistics and gradient sums accumulate in double, and
/// each output element is computed in double from the same per-channel constants and rounded once.
/// </summary>
internal static unsafe class BatchNormKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per thread below which a call stays on one thread (three or four passes each).</summary>
    private const double MinElementsPerThread = 16 * 1024;

    /// <summary>Batch statistics (mean and biased variance) per channel, then y = (x - mean)/√(var + eps)·w + b.</summary>
    public static void Training(BatchNormShape d, T* x, T* weight, T* bias, double eps, T* y, T* mean, T* variance, int threads) =>
        Run(d, new TrainingBody(d, x, weight, bias, eps, y, mean, variance), threads);

    /// <summary>y = (x - mean)/√(var + eps)·w + b with given per-channel statistics.</summary>
    public static void Apply(BatchNormShape d, T* x, T* mean, T* variance, T* weight, T* bias, double eps, T* y, int threads) =>
        Run(d, new ApplyBody(d, x, mean, variance, weight, bias, eps, y), threads);

    /// <summary>
    /// dx = w·invstd·(g - mean(g) - x̂·mean(g·x̂)) when the statistics came from this batch
    /// (<paramref name="training"/>), else g·w·invstd; dw = Σ g·x̂, db = Σ g. Any output may be null.
    /// </summary>
    public static void Backward(BatchNormShape d, T* g, T* x, T* mean, T* variance, T* weight, double eps, bool training, T* dx, T* dw, T* db, int threads) =>
        Run(d, new BackwardBody(d, g, x, mean, variance, weight, eps, training, dx, dw, db), threads);

    private static void Run<TBody>(BatchNormShape d, in TBody body, int threads) where TBody : struct, IParallelBody
    {
        int parts = Threading.PartsFor(d.Count * d.C, MinElementsPerThread, threads, d.C);
        Threading.For(d.C, body, parts);
    }

    private static double At(T* p, int i) => double.CreateTruncating(p[i]);

    /// <summary>The per-channel affine map y = (x - mu)·scale + shift of normalization.</summary>
    private static (double Scale, double Shift) Affine(T* weight, T* bias, int ch, double inv) =>
        (weight == null ? inv : inv * At(weight, ch), bias == null ? 0 : At(bias, ch));

    /// <summary>One channel's work, written once over the lane type (lanes of double: the arithmetic is in double).</summary>
    private interface IChannelBody
    {
        void Channel<TL>(int ch) where TL : struct, ILane<TL, double>;
    }

    /// <summary>Runs a body's channel at the width <see cref="LaneWidth"/> picks.</summary>
    private readonly struct AtWidth<TBody>(TBody body, int ch) : ILaneKernel<double> where TBody : struct, IChannelBody
    {
        public void Run<TL>() where TL : struct, ILane<TL, double> => body.Channel<TL>(ch);
    }

    private readonly struct TrainingBody(BatchNormShape d, T* x, T* weight, T* bias, double eps, T* y, T* mean, T* variance) : IParallelBody, IChannelBody
    {
        public void Invoke(int ch)
        {
            var channel = new AtWidth<TrainingBody>(this, ch);
            LaneWidth.Run<double, AtWidth<TrainingBody>>(ref channel);
        }

        public void Channel<TL>(int ch) where TL : struct, ILane<TL, double>
        {
            T* first = x + (nint)ch * d.S;
            double mu = Runs<TL>.Sum(d, first) / d.Count;
            mean[ch] = T.CreateTruncating(mu);
            variance[ch] = T.CreateTruncating(Runs<TL>.SquaredDeviation(d, first, mu) / d.Count);
            // Normalize with the statistics as stored (rounded to T), as the eval path would.
            double inv = 1 / Math.Sqrt(At(variance, ch) + eps);
            var (scale, shift) = Affine(weight, bias, ch, inv);
            Runs<TL>.Normalize(d, first, y + (nint)ch * d.S, At(mean, ch), scale, shift);
        }
    }

    private readonly struct ApplyBody(BatchNormShape d, T* x, T* mean, T* variance, T* weight, T* bias, double eps, T* y) : IParallelBody, IChannelBody
    {
        public void Invoke(int ch)
        {
            var channel = new AtWidth<ApplyBody>(this, ch);
            LaneWidth.Run<double, AtWidth<ApplyBody>>(ref channel);
        }

        public void Channel<TL>(int ch) where TL : struct, ILane<TL, double>
        {
            double inv = 1 / Math.Sqrt(At(variance, ch) + eps);
            var (scale, shift) = Affine(weight, bias, ch, inv);
            Runs<TL>.Normalize(d, x + (nint)ch * d.S, y + (nint)ch * d.S, At(mean, ch), scale, shift);
        }
    }

    private readonly struct BackwardBody(BatchNormShape d, T* g, T* x, T* mean, T* variance, T* weight, double eps, bool training, T* dx, T* dw, T* db) : IParallelBody, IChannelBody
    {
        public void Invoke(int ch)
        {
            var channel = new AtWidth<BackwardBody>(this, ch);
            LaneWidth.Run<double, AtWidth<BackwardBody>>(ref channel);
        }

        public void Channel<TL>(int ch) where TL : struct, ILane<TL, double>
        {
            double inv = 1 / Math.Sqrt(At(variance, ch) + eps), mu = At(mean, ch);
            nint at = (nint)ch * d.S;
            var (sumG, sumGX) = Runs<TL>.GradientSums(d, g + at, x + at, mu, inv);
            if (dw != null) dw[ch] = T.CreateTruncating(sumGX);
            if (db != null) db[ch] = T.CreateTruncating(sumG);
            if (dx == null) return;
            double scale = weight == null ? inv : inv * At(weight, ch);
            double meanG = training ? sumG / d.Count : 0, meanGX = training ? sumGX / d.Count : 0;
            Runs<TL>.InputGradient(d, g + at, x + at, dx + at, mu, inv, scale, meanG, meanGX);
        }
    }

    /// <summary>
    /// The passes over one channel's N runs at one width: vector steps accumulate in two vector
    /// registers across all runs, each run's scalar tail in a double, and the two are added at the end.
    /// At the scalar lane (Count 1) the vector steps are skipped and every element takes the tail
    /// loop, the reference order.
    /// </summary>
    private static class Runs<TL> where TL : struct, ILane<TL, double>
    {
        public static double Sum(BatchNormShape d, T* x) => Accumulate<Plain>(d, x, 0);

        public static double SquaredDeviation(BatchNormShape d, T* x, double mu) => Accumulate<Squared>(d, x, mu);

        /// <summary>Σ term(x, mu) over the channel's runs.</summary>
        private static double Accumulate<TTerm>(BatchNormShape d, T* x, double mu) where TTerm : ITerm
        {
            TL acc0 = TL.Zero, acc1 = acc0, m = TL.Create(mu);
            double tail = 0;
            for (int i = 0; i < d.N; i++)
            {
                T* run = x + (nint)i * d.RunStride;
                int j = 0;
                if (TL.Count > 1)
                {
                    for (; j <= d.S - 2 * TL.Count; j += 2 * TL.Count)
                    {
                        TL.LoadWidened(run + j, out var lo, out var hi);
                        acc0 += TTerm.Of(lo, m);
                        acc1 += TTerm.Of(hi, m);
                    }
                }
                for (; j < d.S; j++) tail += TTerm.Of(At(run, j), mu);
            }
            return TL.Sum(acc0 + acc1) + tail;
        }

        private interface ITerm
        {
            static abstract TL Of(TL x, TL mu);
            static abstract double Of(double x, double mu);
        }

        /// <summary>x itself (for the mean).</summary>
        private readonly struct Plain : ITerm
        {
            public static TL Of(TL x, TL mu) => x;
            public static double Of(double x, double mu) => x;
        }

        /// <summary>(x - mu)² (for the variance).</summary>
        private readonly struct Squared : ITerm
        {
            public static TL Of(TL x, TL mu)
            {
                var v = x - mu;
                return v * v;
            }

            public static double Of(double x, double mu)
            {
                double v = x - mu;
                return v * v;
            }
        }

        /// <summary>y = (x - mu)·scale + shift, element by element.</summary>
        public static void Normalize(BatchNormShape d, T* x, T* y, double mu, double scale, double shift)
        {
            TL m = TL.Create(mu), a = TL.Create(scale), b = TL.Create(shift);
            for (int i = 0; i < d.N; i++)
            {
                T* src = x + (nint)i * d.RunStride, dst = y + (nint)i * d.RunStride;
                int j = 0;
                if (TL.Count > 1)
                {
                    for (; j <= d.S - 2 * TL.Count; j += 2 * TL.Count)
                    {
                        TL.LoadWidened(src + j, out var lo, out var hi);
                        TL.StoreNarrowed(dst + j, (lo - m) * a + b, (hi - m) * a + b);
                    }
                }
                for (; j < d.S; j++) dst[j] = T.CreateTruncating((At(src, j) - mu) * scale + shift);
            }
        }

        /// <summary>Σ g and Σ g·x̂ with x̂ = (x - mu)·inv.</summary>
        public static (double SumG, double SumGX) GradientSums(BatchNormShape d, T* g, T* x, double mu, double inv)
        {
            TL g0 = TL.Create(0), g1 = g0, gx0 = g0, gx1 = g0, m = TL.Create(mu), r = TL.Create(inv);
            double sumG = 0, sumGX = 0;
            for (int i = 0; i < d.N; i++)
            {
                nint at = (nint)i * d.RunStride;
                T* gr = g + at, xr = x + at;
                int j = 0;
                if (TL.Count > 1)
                {
                    for (; j <= d.S - 2 * TL.Count; j += 2 * TL.Count)
                    {
                        TL.LoadWidened(gr + j, out var glo, out var ghi);
                        TL.LoadWidened(xr + j, out var xlo, out var xhi);
                        g0 += glo;
                        g1 += ghi;
                        gx0 += glo * (xlo - m) * r;
                        gx1 += ghi * (xhi - m) * r;
                    }
                }
                for (; j < d.S; j++)
                {
                    double gj = At(gr, j);
                    sumG += gj;
                    sumGX += gj * (At(xr, j) - mu) * inv;
                }
            }
            return (TL.Sum(g0 + g1) + sumG, TL.Sum(gx0 + gx1) + sumGX);
        }

        /// <summary>dx = scale·(g - meanG - x̂·meanGX) with x̂ = (x - mu)·inv.</summary>
        public static void InputGradient(BatchNormShape d, T* g, T* x, T* dx, double mu, double inv, double scale, double meanG, double meanGX)
        {
            TL m = TL.Create(mu), r = TL.Create(inv), a = TL.Create(scale), mg = TL.Create(meanG), mgx = TL.Create(meanGX);
            for (int i = 0; i < d.N; i++)
            {
                nint at = (nint)i * d.RunStride;
                T* gr = g + at, xr = x + at, dr = dx + at;
                int j = 0;
                if (TL.Count > 1)
                {
                    for (; j <= d.S - 2 * TL.Count; j += 2 * TL.Count)
                    {
                        TL.LoadWidened(gr + j, out var glo, out var ghi);
                        TL.LoadWidened(xr + j, out var xlo, out var xhi);
                        var lo = a * (glo - mg - (xlo - m) * r * mgx);
                        var hi = a * (ghi - mg - (xhi - m) * r * mgx);
                        TL.StoreNarrowed(dr + j, lo, hi);
                    }
                }
                for (; j < d.S; j++)
                {
                    double xhat = (At(xr, j) - mu) * inv;
                    dr[j] = T.CreateTruncating(scale * (At(gr, j) - meanG - xhat * meanGX));
                }
            }
        }
    }
}
