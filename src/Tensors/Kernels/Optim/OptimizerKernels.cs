using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Optim;

/// <summary>Hyperparameters of one SGD update of one parameter (PyTorch's single-tensor loop).</summary>
public readonly record struct SgdStep(
    double Lr, double Momentum, double Dampening, double WeightDecay, bool Nesterov, bool Maximize,
    bool FirstStep)
{
    /// <summary>True when a momentum buffer is read and written.</summary>
    public bool HasMomentum => Momentum != 0;
}

/// <summary>Hyperparameters of one Adam/AdamW update of one parameter; <see cref="Step"/> is the already incremented step count.</summary>
public readonly record struct AdamStep(
    double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Amsgrad, bool Maximize,
    bool DecoupledWeightDecay, double Step);

/// <summary>
/// Fused optimizer updates: one pass over a parameter's span per step, reading the gradient and
/// the state buffers and writing the parameter and the state in place. The arithmetic follows
/// PyTorch's single-tensor CPU loops (<c>_single_tensor_sgd</c>, <c>_single_tensor_adam</c>) op by
/// op, with every scalar coefficient computed in double (as Python floats are) and cast to the
/// element type once. Vector widths and the scalar tail give bit-identical results.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>
    /// <c>d = ±g (+ wd·p)</c>; with momentum <c>buf = d</c> on the first step, else
    /// <c>buf = μ·buf + (1-dampening)·d</c>, and <c>d = d + μ·buf</c> (nesterov) or <c>d = buf</c>;
    /// then <c>p = p - lr·d</c>. <paramref name="momentumBuffer"/> may be empty without momentum.
    /// Every element is independent, so any split over threads gives the same bits.
    /// </summary>
    public static unsafe void Sgd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdStep step)
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        CheckLength(param.Length, grad.Length, "grad");
        if (step.HasMomentum) CheckLength(param.Length, momentumBuffer.Length, "momentum_buffer");
        var c = new SgdConstants<T>(step);
        int parts = Threading.PartsFor(param.Length, MinElementsPerThread, Threading.ThreadCount);
        if (parts > 1)
        {
            fixed (byte* p = &Bytes(param), g = &Bytes(grad), b = &Bytes(momentumBuffer))
                Threading.For(parts, new SgdBody<T>(p, g, b, param.Length, c, parts), parts);
            return;
        }
        SgdRange(ref MemoryMarshal.GetReference(param), ref MemoryMarshal.GetReference(grad), ref MemoryMarshal.GetReference(momentumBuffer), 0, (nuint)param.Length, c);
    }

    private static void SgdRange<T>(ref T p, ref T g, ref T b, nuint i, nuint n, in SgdConstants<T> c)
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        var range = new VectorsThenTail<T, SgdUpdate<T>>(new SgdUpdate<T>(ref p, ref g, ref b, n, c), i);
        LaneWidth.Run<T, VectorsThenTail<T, SgdUpdate<T>>>(ref range);
    }

    /// <summary>An update loop: whole vectors of a lane type from an index on; returns where it stopped.</summary>
    private interface IUpdate<T> where T : struct
    {
        nuint Loop<TL>(nuint start) where TL : struct, ILane<TL, T>;
    }

    /// <summary>Whole vectors at the chosen width, then the rest at the scalar lane.</summary>
    private readonly ref struct VectorsThenTail<T, TUpdate>(TUpdate update, nuint start) : ILaneKernel<T>
        where T : struct where TUpdate : IUpdate<T>, allows ref struct
    {
        private readonly TUpdate _update = update;

        public void Run<TL>() where TL : struct, ILane<TL, T> => _update.Loop<ScalarLane<T>>(_update.Loop<TL>(start));
    }

    private readonly ref struct SgdUpdate<T>(ref T p, ref T g, ref T b, nuint n, in SgdConstants<T> c) : IUpdate<T>
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T _p = ref p, _g = ref g, _b = ref b;
        private readonly SgdConstants<T> _c = c;

        public nuint Loop<TL>(nuint start) where TL : struct, ILane<TL, T> => SgdLoop<T, TL>(ref _p, ref _g, ref _b, start, n, _c);
    }

    /// <summary>Elements per thread below which an update stays on one thread (it streams three or four arrays).</summary>
    private const double MinElementsPerThread = 64 * 1024;

    /// <summary>The first byte of a span, for pinning spans of a type the compiler cannot prove unmanaged.</summary>
    private static ref byte Bytes<T>(ReadOnlySpan<T> span) => ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span));

    /// <summary>Range <paramref name="part"/> of <paramref name="parts"/> over n elements, cut at multiples of 64 elements.</summary>
    private static (nuint Start, nuint End) PartRange(int n, int part, int parts)
    {
        static nuint Cut(int n, int k, int parts) => k == parts ? (nuint)n : (nuint)((long)n * k / parts / 64 * 64);
        return (Cut(n, part, parts), Cut(n, part + 1, parts));
    }

    private readonly unsafe struct SgdBody<T>(byte* p, byte* g, byte* b, int n, SgdConstants<T> c, int parts) : IParallelBody
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int part)
        {
            var (start, end) = PartRange(n, part, parts);
            SgdRange(ref Unsafe.AsRef<T>(p), ref Unsafe.AsRef<T>(g), ref Unsafe.AsRef<T>(b), start, end, c);
        }
    }

    /// <summary>
    /// <c>d = ±g</c>; weight decay <c>d = d + wd·p</c> (L2) or <c>p = p·(1 - lr·wd)</c> (decoupled);
    /// <c>m = lerp(m, d, 1-β1)</c>; <c>v = β2·v + (1-β2)·d·d</c>; with amsgrad <c>vmax = max(vmax, v)</c>
    /// and v replaced by vmax below; <c>p = p - (lr/bc1)·m / (sqrt(v)/sqrt(bc2) + eps)</c> with
    /// <c>bc = 1 - β^step</c> in double. <paramref name="maxExpAvgSq"/> may be empty without amsgrad.
    /// </summary>
    public static unsafe void Adam<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamStep step)
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        CheckLength(param.Length, grad.Length, "grad");
        CheckLength(param.Length, expAvg.Length, "exp_avg");
        CheckLength(param.Length, expAvgSq.Length, "exp_avg_sq");
        if (step.Amsgrad) CheckLength(param.Length, maxExpAvgSq.Length, "max_exp_avg_sq");
        var c = new AdamConstants<T>(step);
        int parts = Threading.PartsFor(param.Length, MinElementsPerThread, Threading.ThreadCount);
        if (parts > 1)
        {
            fixed (byte* p = &Bytes(param), g = &Bytes(grad), m = &Bytes(expAvg), v = &Bytes(expAvgSq), vmax = &Bytes(maxExpAvgSq))
                Threading.For(parts, new AdamBody<T>(p, g, m, v, vmax, param.Length, c, parts), parts);
            return;
        }
        AdamRange(ref MemoryMarshal.GetReference(param), ref MemoryMarshal.GetReference(grad), ref MemoryMarshal.GetReference(expAvg),
            ref MemoryMarshal.GetReference(expAvgSq), ref MemoryMarshal.GetReference(maxExpAvgSq), 0, (nuint)param.Length, c);
    }

    private static void AdamRange<T>(ref T p, ref T g, ref T m, ref T v, ref T vmax, nuint i, nuint n, in AdamConstants<T> c)
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        var range = new VectorsThenTail<T, AdamUpdate<T>>(new AdamUpdate<T>(ref p, ref g, ref m, ref v, ref vmax, n, c), i);
        LaneWidth.Run<T, VectorsThenTail<T, AdamUpdate<T>>>(ref range);
    }

    private readonly ref struct AdamUpdate<T>(ref T p, ref T g, ref T m, ref T v, ref T vmax, nuint n, in AdamConstants<T> c) : IUpdate<T>
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T _p = ref p, _g = ref g, _m = ref m, _v = ref v, _vmax = ref vmax;
        private readonly AdamConstants<T> _c = c;

        public nuint Loop<TL>(nuint start) where TL : struct, ILane<TL, T> => AdamLoop<T, TL>(ref _p, ref _g, ref _m, ref _v, ref _vmax, start, n, _c);
    }

    private readonly unsafe struct AdamBody<T>(byte* p, byte* g, byte* m, byte* v, byte* vmax, int n, AdamConstants<T> c, int parts) : IParallelBody
        where T : struct, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int part)
        {
            var (start, end) = PartRange(n, part, parts);
            AdamRange(ref Unsafe.AsRef<T>(p), ref Unsafe.AsRef<T>(g), ref Unsafe.AsRef<T>(m), ref Unsafe.AsRef<T>(v), ref Unsafe.AsRef<T>(vmax), start, end, c);
        }
    }

    private static nuint SgdLoop<T, TL>(ref T p, ref T g, ref T b, nuint i, nuint n, in SgdConstants<T> c)
        where T : struct, IBinaryFloatingPointIeee754<T> where TL : struct, ILane<TL, T>
    {
        TL negLr = TL.Create(c.NegLr), wd = TL.Create(c.WeightDecay), mom = TL.Create(c.Momentum), keep = TL.Create(c.OneMinusDampening);
        bool maximize = c.Maximize, decay = c.HasWeightDecay, momentum = c.HasMomentum, first = c.FirstStep, nesterov = c.Nesterov;
        nuint w = (nuint)TL.Count;
        for (; n - i >= w; i += w)
        {
            TL d = TL.Load(ref g, i);
            if (maximize) d = -d;
            TL param = TL.Load(ref p, i);
            if (decay) d = d + wd * param;                                      // grad.add(param, alpha=wd)
            if (momentum)
            {
                TL buf = first ? d : TL.Load(ref b, i) * mom + keep * d;         // buf.mul_(μ).add_(d, alpha=1-dampening)
                TL.Store(buf, ref b, i);
                d = nesterov ? d + mom * buf : buf;                             // grad.add(buf, alpha=μ)
            }
            TL.Store(param + negLr * d, ref p, i);                              // param.add_(d, alpha=-lr)
        }
        return i;
    }

    private static nuint AdamLoop<T, TL>(ref T p, ref T g, ref T m, ref T v, ref T vmax, nuint i, nuint n, in AdamConstants<T> c)
        where T : struct, IBinaryFloatingPointIeee754<T> where TL : struct, ILane<TL, T>
    {
        TL wd = TL.Create(c.WeightDecay), decayFactor = TL.Create(c.DecayFactor), weight = TL.Create(c.LerpWeight),
            oneMinusWeight = TL.Create(c.OneMinusLerpWeight), beta2 = TL.Create(c.Beta2), oneMinusBeta2 = TL.Create(c.OneMinusBeta2),
            bc2Sqrt = TL.Create(c.BiasCorrection2Sqrt), eps = TL.Create(c.Eps), negStepSize = TL.Create(c.NegStepSize);
        bool maximize = c.Maximize, l2 = c.L2, decoupled = c.Decoupled, smallWeight = c.SmallLerpWeight, amsgrad = c.Amsgrad;
        nuint w = (nuint)TL.Count;
        for (; n - i >= w; i += w)
        {
            TL d = TL.Load(ref g, i);
            if (maximize) d = -d;
            TL param = TL.Load(ref p, i);
            if (l2) d = d + wd * param;                                         // grad.add(param, alpha=wd)
            else if (decoupled) param = param * decayFactor;                    // param.mul_(1 - lr*wd)
            TL avg = TL.Load(ref m, i);
            TL diff = d - avg;
            avg = smallWeight ? avg + weight * diff : d - diff * oneMinusWeight; // exp_avg.lerp_(d, 1-β1), ATen's two-sided lerp
            TL.Store(avg, ref m, i);
            TL sq = TL.Load(ref v, i) * beta2 + oneMinusBeta2 * d * d;           // mul_(β2).addcmul_(d, d, value=1-β2)
            TL.Store(sq, ref v, i);
            if (amsgrad)
            {
                sq = TL.Max(TL.Load(ref vmax, i), sq);                          // torch.maximum(max_exp_avg_sq, exp_avg_sq)
                TL.Store(sq, ref vmax, i);
            }
            TL denom = TL.Sqrt(sq) / bc2Sqrt + eps;                             // (sqrt(v) / sqrt(bc2)).add_(eps)
            TL.Store(param + negStepSize * avg / denom, ref p, i);              // param.addcdiv_(m, denom, value=-lr/bc1)
        }
        return i;
    }

    private static void CheckLength(int param, int other, string name)
    {
        if (param != other)
            throw new ArgumentException($"optimizer kernel: {name} has {other} elements but the parameter has {param}");
    }

    /// <summary>SGD coefficients cast once to the element type.</summary>
    private readonly struct SgdConstants<T> where T : struct, IBinaryFloatingPointIeee754<T>
    {
        public readonly T NegLr, WeightDecay, Momentum, OneMinusDampening;
        public readonly bool Maximize, HasWeightDecay, HasMomentum, FirstStep, Nesterov;

        public SgdConstants(in SgdStep s)
        {
            NegLr = Cast<T>(-s.Lr);
            WeightDecay = Cast<T>(s.WeightDecay);
            Momentum = Cast<T>(s.Momentum);
            OneMinusDampening = Cast<T>(1 - s.Dampening);
            Maximize = s.Maximize;
            HasWeightDecay = s.WeightDecay != 0;
            HasMomentum = s.HasMomentum;
            FirstStep = s.FirstStep;
            Nesterov = s.Nesterov;
        }
    }

    /// <summary>Adam coefficients: bias corrections and step size in double, then cast once.</summary>
    private readonly struct AdamConstants<T> where T : struct, IBinaryFloatingPointIeee754<T>
    {
        public readonly T WeightDecay, DecayFactor, LerpWeight, OneMinusLerpWeight, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Eps, NegStepSize;
        public readonly bool Maximize, L2, Decoupled, SmallLerpWeight, Amsgrad;

        public AdamConstants(in AdamStep s)
        {
            double biasCorrection1 = 1 - Math.Pow(s.Beta1, s.Step);
            double biasCorrection2 = 1 - Math.Pow(s.Beta2, s.Step);
            WeightDecay = Cast<T>(s.WeightDecay);
            DecayFactor = Cast<T>(1 - s.Lr * s.WeightDecay);
            LerpWeight = Cast<T>(1 - s.Beta1);
            OneMinusLerpWeight = T.One - LerpWeight; // ATen computes 1 - weight in the element type
            SmallLerpWeight = T.Abs(LerpWeight) < T.CreateTruncating(0.5);
            Beta2 = Cast<T>(s.Beta2);
            OneMinusBeta2 = Cast<T>(1 - s.Beta2);
            BiasCorrection2Sqrt = Cast<T>(Math.Sqrt(biasCorrection2));
            Eps = Cast<T>(s.Eps);
            NegStepSize = Cast<T>(-(s.Lr / biasCorrection1));
            Maximize = s.Maximize;
            L2 = s.WeightDecay != 0 && !s.DecoupledWeightDecay;
            Decoupled = s.WeightDecay != 0 && s.DecoupledWeightDecay;
            Amsgrad = s.Amsgrad;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Cast<T>(double value) where T : struct, IBinaryFloatingPointIeee754<T> => T.CreateTruncating(value);
}
