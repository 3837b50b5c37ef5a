using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Optim;

namespace MiniTorch.Optim;

/// <summary>
/// Adam, like <c>torch.optim.Adam</c> (and, with decoupled weight decay, AdamW). Per parameter
/// with a gradient: <c>step += 1</c>; <c>d = ±g</c>; L2 decay <c>d += wd·p</c> or decoupled
/// <c>p *= 1 - lr·wd</c>; <c>m = lerp(m, d, 1-β1)</c>; <c>v = β2·v + (1-β2)·d²</c>; with amsgrad
/// <c>vmax = max(vmax, v)</c> used in place of v; <c>p -= lr/(1-β1^step) · m / (sqrt(v)/sqrt(1-β2^step) + eps)</c>,
/// the bias corrections computed in double. State: <c>"step"</c> (a 0-d float32 tensor, as in
/// PyTorch), <c>"exp_avg"</c>, <c>"exp_avg_sq"</c> and, with amsgrad, <c>"max_exp_avg_sq"</c>.
/// </summary>
public class Adam : Optimizer<AdamOptions>
{
    private const string ExpAvg = "exp_avg", ExpAvgSq = "exp_avg_sq", MaxExpAvgSq = "max_exp_avg_sq";

    /// <summary>One group over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
        : base(parameters, options ?? new AdamOptions()) { }

    /// <summary>Several groups, each overriding <paramref name="defaults"/> as it says.</summary>
    public Adam(IEnumerable<ParamGroup<AdamOptions>> groups, AdamOptions? defaults = null)
        : base(groups, defaults ?? new AdamOptions()) { }

    private protected sealed override void Update(AdamOptions o, Tensor parameter, Tensor grad)
    {
        var state = GetOrCreateState(parameter);
        if (state.Count == 0)
        {
            state[StepKey] = Torch.Scalar(0, DType.Float32);
            state[ExpAvg] = ZerosLike(parameter);
            state[ExpAvgSq] = ZerosLike(parameter);
        }
        // PyTorch raises a KeyError when amsgrad is switched on after the first step; starting the
        // running maximum at zero instead gives max(0, v) = v, the value it would have had.
        if (o.Amsgrad && !state.ContainsKey(MaxExpAvgSq)) state[MaxExpAvgSq] = ZerosLike(parameter);
        double t = IncrementStep(state[StepKey]);
        var m = state[ExpAvg].Data;
        var v = state[ExpAvgSq].Data;
        var vmax = o.Amsgrad ? state[MaxExpAvgSq].Data : null;
        var step = new AdamStep(o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize, o.DecoupledWeightDecay, t);
        // The fused kernel works on the raw spans of contiguous tensors.
        var target = BeginWrite(parameter);
        var (p, g) = (target.Data, grad.Data);
        if (parameter.DType == DType.Float64)
            OptimizerKernels.Adam(p.Span<double>(), g.Span<double>(), m.Span<double>(), v.Span<double>(), vmax is null ? default : vmax.Span<double>(), step);
        else
            OptimizerKernels.Adam(p.Span<float>(), g.Span<float>(), m.Span<float>(), v.Span<float>(), vmax is null ? default : vmax.Span<float>(), step);
        EndWrite(parameter, target);
        m.Storage.BumpVersion();
        v.Storage.BumpVersion();
        vmax?.Storage.BumpVersion();
    }

    /// <summary>step += 1 in the counter's own dtype (float32 unless a loaded dict said otherwise); returns the new value as Python's <c>.item()</c> would.</summary>
    private static double IncrementStep(Tensor step)
    {
        var counter = step.Data;
        switch (counter.DType)
        {
            case DType.Float32: counter.Storage.AsSpan<float>()[counter.Offset] += 1; break;
            case DType.Float64: counter.Storage.AsSpan<double>()[counter.Offset] += 1; break;
            default: counter.FillInPlace(counter.Item() + 1); break;
        }
        counter.Storage.BumpVersion();
        return counter.Item();
    }

    private protected sealed override IEnumerable<KeyValuePair<string, object>> SaveHyperparameters(AdamOptions o) =>
    [
        new("lr", o.Lr), new("betas", new[] { o.Beta1, o.Beta2 }), new("eps", o.Eps), new("weight_decay", o.WeightDecay),
        new("amsgrad", o.Amsgrad), new("maximize", o.Maximize), new("decoupled_weight_decay", o.DecoupledWeightDecay),
    ];

    private protected sealed override AdamOptions LoadHyperparameters(HyperparameterReader r, AdamOptions fallback)
    {
        var (beta1, beta2) = r.Pair("betas", (fallback.Beta1, fallback.Beta2));
        return fallback with
        {
            Lr = r.Number("lr", fallback.Lr),
            Beta1 = beta1,
            Beta2 = beta2,
            Eps = r.Number("eps", fallback.Eps),
            WeightDecay = r.Number("weight_decay", fallback.WeightDecay),
            Amsgrad = r.Flag("amsgrad", fallback.Amsgrad),
            Maximize = r.Flag("maximize", fallback.Maximize),
            DecoupledWeightDecay = r.Flag("decoupled_weight_decay", fallback.DecoupledWeightDecay),
        };
    }

    private protected sealed override void CheckStateKeys(AdamOptions options, IReadOnlyDictionary<string, Tensor> state, string where)
    {
        foreach (var key in state.Keys)
            if (key is not (StepKey or ExpAvg or ExpAvgSq or MaxExpAvgSq))
                throw new ArgumentException($"loaded state dict: {where} has key \"{key}\", which Adam does not keep (it keeps step, exp_avg, exp_avg_sq, max_exp_avg_sq)");
        // A non-empty state must be complete: the step would otherwise read a missing buffer.
        if (state.Count > 0)
            foreach (var key in (ReadOnlySpan<string>)[StepKey, ExpAvg, ExpAvgSq])
                if (!state.ContainsKey(key))
                    throw new ArgumentException($"loaded state dict: {where} has no \"{key}\" (Adam state needs step, exp_avg and exp_avg_sq together)");
    }
}
