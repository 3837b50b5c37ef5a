namespace MiniTorch.Optim;

/// <summary>
/// An optimizer's state in PyTorch's <c>state_dict()</c> layout, made of tensors and plain values
/// so a checkpoint writer can store the tensors (e.g. as safetensors named
/// <c>state.{id}.{key}</c>) and the rest as JSON:
/// <code>
/// State:       { 0: { "step": 0-d float32, "exp_avg": T, "exp_avg_sq": T }, 2: { ... } }
/// ParamGroups: [ { Hyperparameters: { "lr": 0.001, "betas": [0.9, 0.999], ... }, Params: [0, 1] },
///                { ..., Params: [2, 3, 4] } ]
/// </code>
/// Ids are assigned by walking the groups in order and each group's tensors in order,
/// consecutively across groups; only tensors that have state appear in <see cref="State"/>.
/// </summary>
public sealed class OptimizerStateDict
{
    /// <summary>Per-parameter state by id. Keys are PyTorch's (<c>momentum_buffer</c>, <c>step</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>).</summary>
    public Dictionary<int, Dictionary<string, Tensor>> State { get; init; } = new();

    /// <summary>One entry per parameter group, in order.</summary>
    public List<ParamGroupState> ParamGroups { get; init; } = [];
}

/// <summary>
/// One saved parameter group: every hyperparameter under PyTorch's name, plus the ids of its
/// tensors. Hyperparameter values are <see cref="double"/> (numbers), <see cref="bool"/> (flags)
/// or <c>double[]</c> of length 2 (Adam's <c>betas</c>); loading also accepts other numeric
/// CLR types and any two-number list.
/// </summary>
public sealed class ParamGroupState
{
    /// <summary>Hyperparameters in PyTorch's order, e.g. SGD's <c>lr, momentum, dampening, weight_decay, nesterov, maximize</c>; <c>initial_lr</c> when a scheduler set it.</summary>
    public OrderedDictionary<string, object> Hyperparameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The ids of the group's tensors (PyTorch's <c>params</c>).</summary>
    public int[] Params { get; init; } = [];
}
