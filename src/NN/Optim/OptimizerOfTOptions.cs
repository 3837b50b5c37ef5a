using MiniTorch.Tensors;

namespace MiniTorch.Optim;

/// <summary>
/// An optimizer whose groups carry settings of type <typeparamref name="TOptions"/>. Derived
/// classes supply the per-parameter update and the mapping of their settings to PyTorch's
/// state-dict hyperparameter names.
/// </summary>
public abstract partial class Optimizer<TOptions> : Optimizer where TOptions : OptimizerOptions
{
    private readonly List<OptimizerParamGroup<TOptions>> _groups = [];

    /// <summary>One group holding <paramref name="parameters"/>, with <paramref name="defaults"/> as its settings.</summary>
    private protected Optimizer(IEnumerable<Tensor> parameters, TOptions defaults)
        : this(SingleGroup(parameters, defaults), defaults) { }

    /// <summary>Several groups, each overriding <paramref name="defaults"/> as it says.</summary>
    private protected Optimizer(IEnumerable<ParamGroup<TOptions>> groups, TOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ValidateDefaults(defaults);
        Defaults = defaults;
        var list = groups.ToList();
        if (list.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < list.Count; i++)
            _groups.Add(BuildGroup(list[i] ?? throw new ArgumentNullException(nameof(groups), $"parameter group {i} is null"), i, seen));
    }

    /// <summary>The settings a group gets unless it overrides them.</summary>
    public TOptions Defaults { get; }

    /// <summary>The parameter groups with their typed settings.</summary>
    public new IReadOnlyList<OptimizerParamGroup<TOptions>> ParamGroups => _groups;

    private protected override IReadOnlyList<OptimizerParamGroup> UntypedGroups => _groups;

    /// <summary>Adds a group (PyTorch's <c>add_param_group</c>); its tensors must not be in any existing group.</summary>
    public void AddParamGroup(ParamGroup<TOptions> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var seen = new HashSet<Tensor>(_groups.SelectMany(g => g.Params), ReferenceEqualityComparer.Instance);
        _groups.Add(BuildGroup(group, _groups.Count, seen));
    }

    public sealed override void Step()
    {
        using var _ = Torch.NoGrad();
        // State created lazily here (momentum buffers, Adam's moments) outlives the step: never scope it.
        using var unscoped = StorageScope.Suspend();
        // Index loops: enumerating the IReadOnlyList interfaces would allocate on every step.
        foreach (var group in _groups)
            for (int i = 0; i < group.Params.Count; i++)
                if (group.Params[i].Grad is { } grad) CheckGradient(group.Params[i], grad);
        foreach (var group in _groups)
            for (int i = 0; i < group.Params.Count; i++)
                if (group.Params[i] is { Grad: { } grad } p) Update(group.Options, p, grad.Data.IsContiguous ? grad : new Tensor(grad.Data.Contiguous()));
    }

    /// <summary>
    /// Updates one parameter in place from its (contiguous, same shape and dtype) gradient. Create
    /// state with <c>GetOrCreateState</c> only when the update keeps some.
    /// </summary>
    private protected abstract void Update(TOptions options, Tensor parameter, Tensor grad);

    private static IEnumerable<ParamGroup<TOptions>> SingleGroup(IEnumerable<Tensor> parameters, TOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ValidateDefaults(defaults); // PyTorch checks the hyperparameters before the parameter list
        var group = new ParamGroup<TOptions>(parameters);
        if (group.Params.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
        return [group];
    }

    private static void ValidateDefaults(TOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        defaults.Validate();
    }

    /// <summary>Checks a group's tensors and settings; adds its tensors to <paramref name="seen"/> only when all are valid.</summary>
    private OptimizerParamGroup<TOptions> BuildGroup(ParamGroup<TOptions> group, int index, HashSet<Tensor> seen)
    {
        var options = group.Resolve(Defaults);
        try { options.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"parameter group {index}: {e.Message}", e); }
        var own = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in group.Params)
        {
            if (p is null)
                throw new ArgumentNullException(nameof(group), $"optimizer can only optimize Tensors, but one of the params in parameter group {index} is null");
            if (!p.IsLeaf)
                throw new ArgumentException($"can't optimize a non-leaf Tensor (shape {ShapeUtil.Format(p.Shape)}, produced by {p.GradFn!.Name})");
            if (!p.RequiresGrad)
                throw new ArgumentException(
                    $"can't optimize a tensor that does not require grad (shape {ShapeUtil.Format(p.Shape)}): buffers and frozen tensors are never trained");
            // PyTorch only warns about a tensor listed twice in one group (and would then step it
            // twice per step); MiniTorch rejects it, since it is always a mistake.
            if (!own.Add(p))
                throw new ArgumentException($"parameter group {index} contains the same tensor (shape {ShapeUtil.Format(p.Shape)}) more than once");
            if (seen.Contains(p))
                throw new ArgumentException($"some parameters appear in more than one parameter group (a tensor of shape {ShapeUtil.Format(p.Shape)} is in group {index} and an earlier group)");
        }
        seen.UnionWith(own);
        return new OptimizerParamGroup<TOptions>(group.Params, options);
    }

    private static void CheckGradient(Tensor p, Tensor grad)
    {
        if (!grad.Shape.SequenceEqual(p.Shape))
            throw new InvalidOperationException($"the gradient of a parameter of shape {ShapeUtil.Format(p.Shape)} has shape {ShapeUtil.Format(grad.Shape)}; nothing was updated");
        if (grad.DType != p.DType)
            throw new InvalidOperationException($"the gradient of a {p.DType.Name()} parameter of shape {ShapeUtil.Format(p.Shape)} is {grad.DType.Name()}; nothing was updated");
    }
}
