using MiniTorch.Tensors;

namespace MiniTorch.Optim;

/// <summary>
/// The base of every optimizer, like <c>torch.optim.Optimizer</c>: parameter groups, per-parameter
/// state created lazily on the first step in which a parameter has a gradient, <see cref="Step()"/>,
/// <see cref="ZeroGrad"/> and state dicts. Optimizers only see the tensors they were given, so a
/// module's buffers are never touched by them. Concrete optimizers derive from
/// <see cref="Optimizer{TOptions}"/>.
/// </summary>
public abstract class Optimizer
{
    // Keyed by tensor identity (never by value), as PyTorch keys state by the Parameter object.
    private protected Dictionary<Tensor, Dictionary<string, Tensor>> StateByParam { get; set; } = new(ReferenceEqualityComparer.Instance);

    private protected Optimizer() { }

    /// <summary>The parameter groups, in order; each exposes its tensors and a settable learning rate.</summary>
    public IReadOnlyList<OptimizerParamGroup> ParamGroups => UntypedGroups;

    private protected abstract IReadOnlyList<OptimizerParamGroup> UntypedGroups { get; }

    /// <summary>
    /// Updates every parameter that has a gradient, under no-grad. Parameters whose <c>Grad</c> is
    /// null are skipped entirely (no state, no weight decay); all-zero gradients are stepped.
    /// Every gradient is checked against its parameter before anything changes.
    /// </summary>
    public abstract void Step();

    /// <summary>Evaluates <paramref name="closure"/> with grad enabled (it recomputes the loss and calls backward), then steps; returns the loss.</summary>
    public Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (Torch.EnableGrad()) loss = closure();
        Step();
        return loss;
    }

    /// <summary>
    /// Clears the gradients of every parameter of every group. With <paramref name="setToNone"/>
    /// (the default since PyTorch 2.0) each <c>Grad</c> becomes null, so the next step skips the
    /// parameter unless backward reaches it; otherwise the same gradient tensor is detached and zeroed in place.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var group in UntypedGroups)
            foreach (var p in group.Params)
            {
                var grad = p.Grad;
                if (grad is null) continue;
                if (setToNone) { p.Grad = null; continue; }
                if (!grad.IsLeaf) p.Grad = grad = grad.Detach();
                else if (grad.RequiresGrad) grad.RequiresGrad = false;
                grad.Data.ZeroInPlace();
            }
    }

    /// <summary>The state of one parameter (e.g. <c>"momentum_buffer"</c>, or Adam's <c>"step"</c>, <c>"exp_avg"</c>, ...), or null when it has none yet.</summary>
    public IReadOnlyDictionary<string, Tensor>? GetState(Tensor parameter) =>
        StateByParam.TryGetValue(parameter, out var state) ? state : null;

    /// <summary>
    /// PyTorch's <c>state_dict()</c>: per-parameter state keyed by integer ids assigned over the
    /// groups in order, and each group's hyperparameters with its id list. The state tensors are
    /// the optimizer's own (references, as in PyTorch): save them before stepping again.
    /// </summary>
    public abstract OptimizerStateDict StateDict();

    /// <summary>
    /// Loads a state dict made by <see cref="StateDict"/> (possibly of another optimizer instance
    /// over other tensors of the same shapes). Everything is validated first; on any error nothing
    /// changes. State tensors are deep-copied (floating ones cast to the parameter's dtype;
    /// <c>"step"</c> keeps its dtype) and hyperparameters come from the dict.
    /// </summary>
    public abstract void LoadStateDict(OptimizerStateDict stateDict);

    /// <summary>The state of <paramref name="parameter"/>, created empty on first use.</summary>
    private protected Dictionary<string, Tensor> GetOrCreateState(Tensor parameter)
    {
        if (!StateByParam.TryGetValue(parameter, out var state))
            StateByParam[parameter] = state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        return state;
    }

    /// <summary>A fresh contiguous zero tensor shaped like <paramref name="parameter"/>, for state buffers.</summary>
    private protected static Tensor ZerosLike(Tensor parameter) => Torch.ZerosLike(parameter);

    /// <summary>The parameter itself when the kernel may write it directly, else a contiguous copy of its values (a strided parameter).</summary>
    private protected static Tensor BeginWrite(Tensor parameter) =>
        parameter.Data.IsContiguous ? parameter : new Tensor(parameter.Data.Clone());

    /// <summary>Publishes what the kernel wrote: copies back a strided parameter's values, and bumps the version either way.</summary>
    private protected static void EndWrite(Tensor parameter, Tensor written)
    {
        if (ReferenceEquals(written, parameter)) parameter.Data.Storage.BumpVersion();
        else parameter.Data.CopyFrom(written.Data);
    }
}
