namespace MiniTorch.Optim;

/// <summary>
/// A parameter group handed to an optimizer's constructor, like PyTorch's
/// <c>{"params": [...], "lr": ...}</c> dict: its tensors plus how its settings differ from the
/// optimizer's defaults. Settings not overridden follow the defaults:
/// <code>
/// var opt = new Sgd([
///     new ParamGroup&lt;SgdOptions&gt;(weights),
///     new ParamGroup&lt;SgdOptions&gt;(biases, o =&gt; o with { WeightDecay = 0 }),
/// ], new SgdOptions { Lr = 0.1, Momentum = 0.9, WeightDecay = 1e-4 });
/// </code>
/// </summary>
public sealed class ParamGroup<TOptions> where TOptions : OptimizerOptions
{
    private readonly Func<TOptions, TOptions>? _overrides;

    /// <summary>A group that uses the optimizer's defaults, optionally changed by <paramref name="overrides"/>.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, Func<TOptions, TOptions>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Params = [.. parameters];
        _overrides = overrides;
    }

    /// <summary>A group with complete settings of its own; the optimizer's defaults do not apply.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, TOptions options)
        : this(parameters, Always(options ?? throw new ArgumentNullException(nameof(options)))) { }

    private static Func<TOptions, TOptions> Always(TOptions options) => _ => options;

    /// <summary>The tensors, in the order given (this order assigns state-dict ids).</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>The group's settings given the optimizer's defaults.</summary>
    public TOptions Resolve(TOptions defaults) => _overrides is null ? defaults : _overrides(defaults)
        ?? throw new InvalidOperationException("a parameter group's overrides returned null options");
}

/// <summary>
/// A parameter group inside an optimizer (PyTorch's <c>optimizer.param_groups[i]</c>): its
/// tensors and its current settings. <see cref="Lr"/> is settable so schedulers (and users) can
/// change the learning rate between steps.
/// </summary>
public abstract class OptimizerParamGroup
{
    private protected OptimizerParamGroup(IReadOnlyList<Tensor> parameters) => Params = parameters;

    /// <summary>The group's tensors, in order.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>The learning rate of this group; setting it validates it (negative or NaN throws).</summary>
    public abstract double Lr { get; set; }

    /// <summary>
    /// The learning rate a scheduler started from (PyTorch's <c>initial_lr</c>): set by the first
    /// scheduler attached to the optimizer, saved in the optimizer's state dict when present.
    /// </summary>
    public double? InitialLr { get; set; }

    /// <summary>The group's settings, untyped.</summary>
    public abstract OptimizerOptions Settings { get; }
}

/// <summary>A live parameter group with settings of type <typeparamref name="TOptions"/>.</summary>
public sealed class OptimizerParamGroup<TOptions> : OptimizerParamGroup where TOptions : OptimizerOptions
{
    private TOptions _options;

    internal OptimizerParamGroup(IReadOnlyList<Tensor> parameters, TOptions options) : base(parameters)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The group's settings; replace them with a <c>with</c> expression. Validated on assignment.</summary>
    public TOptions Options
    {
        get => _options;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _options = value;
        }
    }

    public override double Lr
    {
        get => _options.Lr;
        set => Options = (TOptions)_options.WithLr(value);
    }

    public override OptimizerOptions Settings => _options;
}
