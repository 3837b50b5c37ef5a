using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Optim;

namespace MiniTorch.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight
/// decay and maximization, like <c>torch.optim.SGD</c>. Per parameter with a gradient:
/// <c>d = ±g + wd·p</c>; with momentum <c>buf = d</c> the first time (no dampening factor), then
/// <c>buf = μ·buf + (1-dampening)·d</c>, and <c>d = d + μ·buf</c> (Nesterov) or <c>d = buf</c>;
/// finally <c>p -= lr·d</c>. State: <c>"momentum_buffer"</c>, only when momentum is non-zero.
/// </summary>
public sealed class Sgd : Optimizer<SgdOptions>
{
    private const string MomentumBuffer = "momentum_buffer";

    /// <summary>One group over <paramref name="parameters"/> (e.g. <c>model.Parameters()</c>).</summary>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions? options = null)
        : base(parameters, options ?? new SgdOptions()) { }

    /// <summary>Several groups, each overriding <paramref name="defaults"/> as it says.</summary>
    public Sgd(IEnumerable<ParamGroup<SgdOptions>> groups, SgdOptions? defaults = null)
        : base(groups, defaults ?? new SgdOptions()) { }

    private protected override void Update(SgdOptions o, Tensor parameter, Tensor grad)
    {
        Tensor? buffer = null;
        bool first = false;
        if (o.Momentum != 0)
        {
            var state = GetOrCreateState(parameter);
            if (!state.TryGetValue(MomentumBuffer, out var b))
            {
                state[MomentumBuffer] = b = ZerosLike(parameter);
                first = true;
            }
            buffer = b;
        }
        var step = new SgdStep(o.Lr, o.Momentum, o.Dampening, o.WeightDecay, o.Nesterov, o.Maximize, first);
        var target = BeginWrite(parameter);
        // The fused kernel works on the raw spans of contiguous tensors.
        var (p, g, buf) = (target.Data, grad.Data, buffer?.Data);
        if (parameter.DType == DType.Float64)
            OptimizerKernels.Sgd(p.Span<double>(), g.Span<double>(), buf is null ? default : buf.Span<double>(), step);
        else
            OptimizerKernels.Sgd(p.Span<float>(), g.Span<float>(), buf is null ? default : buf.Span<float>(), step);
        EndWrite(parameter, target);
        buf?.Storage.BumpVersion();
    }

    private protected override IEnumerable<KeyValuePair<string, object>> SaveHyperparameters(SgdOptions o) =>
    [
        new("lr", o.Lr), new("momentum", o.Momentum), new("dampening", o.Dampening),
        new("weight_decay", o.WeightDecay), new("nesterov", o.Nesterov), new("maximize", o.Maximize),
    ];

    private protected override SgdOptions LoadHyperparameters(HyperparameterReader r, SgdOptions fallback) => fallback with
    {
        Lr = r.Number("lr", fallback.Lr),
        Momentum = r.Number("momentum", fallback.Momentum),
        Dampening = r.Number("dampening", fallback.Dampening),
        WeightDecay = r.Number("weight_decay", fallback.WeightDecay),
        Nesterov = r.Flag("nesterov", fallback.Nesterov),
        Maximize = r.Flag("maximize", fallback.Maximize),
    };

    private protected override void CheckStateKeys(SgdOptions options, IReadOnlyDictionary<string, Tensor> state, string where)
    {
        foreach (var key in state.Keys)
            if (key != MomentumBuffer)
                throw new ArgumentException($"loaded state dict: {where} has key \"{key}\", which SGD does not keep (its only state is \"{MomentumBuffer}\")");
    }
}
