namespace MiniTorch.Optim;

/// <summary>
/// The base of learning-rate schedulers, like <c>torch.optim.lr_scheduler.LRScheduler</c>. On
/// construction each group's <see cref="OptimizerParamGroup.InitialLr"/> is set to its current
/// learning rate unless an earlier scheduler set it, those become <see cref="BaseLrs"/>, and an
/// initial step moves <see cref="LastEpoch"/> from -1 to 0 without changing any rate. Each
/// <see cref="Step"/> (call it after <c>optimizer.Step()</c>) advances the epoch and writes the new
/// rate into every group.
/// </summary>
public abstract class LRScheduler
{
    private double[] _baseLrs;
    private double[] _lastLr = [];

    /// <remarks>
    /// Derived classes initialise their settings in field initializers, which C# runs before this
    /// constructor, because the initial step below already asks them for a learning rate.
    /// </remarks>
    private protected LRScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        foreach (var group in optimizer.ParamGroups) group.InitialLr ??= group.Lr;
        _baseLrs = [.. optimizer.ParamGroups.Select(g => g.InitialLr!.Value)];
        LastEpoch = -1;
        Advance(initial: true);
    }

    public Optimizer Optimizer { get; }

    /// <summary>The index of the last epoch stepped: 0 right after construction.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>How many times the scheduler has stepped, counting the initial step (PyTorch's <c>_step_count</c>).</summary>
    public int StepCount { get; private set; }

    /// <summary>Each group's starting learning rate.</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrs;

    /// <summary>The learning rates this scheduler last set, one per group (a copy).</summary>
    public IReadOnlyList<double> GetLastLr() => [.. _lastLr];

    /// <summary>Advances one epoch and sets every group's learning rate.</summary>
    public void Step() => Advance(initial: false);

    /// <summary>
    /// The learning rates for <paramref name="epoch"/> (the value <see cref="LastEpoch"/> takes if
    /// they are valid), from the groups' <paramref name="currentLrs"/>. <paramref name="initial"/>
    /// is true for the constructor's step.
    /// </summary>
    private protected abstract double[] GetLr(int epoch, IReadOnlyList<double> currentLrs, bool initial);

    /// <summary>This scheduler's own settings under PyTorch's attribute names.</summary>
    private protected abstract IEnumerable<KeyValuePair<string, double>> SaveSettings();

    /// <summary>Validates saved settings (missing ones keep their values) and returns how to apply them.</summary>
    private protected abstract Action PrepareSettings(IReadOnlyDictionary<string, double> settings);

    /// <summary>PyTorch's <c>state_dict()</c>: the epoch, step count, base and last rates, and the settings.</summary>
    public LRSchedulerStateDict StateDict()
    {
        var settings = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in SaveSettings()) settings.Add(key, value);
        return new LRSchedulerStateDict
        {
            LastEpoch = LastEpoch, StepCount = StepCount, BaseLrs = [.. _baseLrs], LastLr = [.. _lastLr], Settings = settings,
        };
    }

    /// <summary>Restores a scheduler's state (the optimizer's rates come from the optimizer's own state dict). All or nothing.</summary>
    public void LoadStateDict(LRSchedulerStateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        int groups = Optimizer.ParamGroups.Count;
        if (stateDict.BaseLrs is null || stateDict.BaseLrs.Length != groups)
            throw new ArgumentException($"scheduler state dict has {stateDict.BaseLrs?.Length ?? 0} base_lrs for an optimizer with {groups} parameter groups");
        if (stateDict.LastLr is null || stateDict.LastLr.Length != groups)
            throw new ArgumentException($"scheduler state dict has {stateDict.LastLr?.Length ?? 0} _last_lr values for an optimizer with {groups} parameter groups");
        if (stateDict.LastEpoch < 0 || stateDict.StepCount < 1)
            throw new ArgumentException($"scheduler state dict has last_epoch {stateDict.LastEpoch} and _step_count {stateDict.StepCount}; a constructed scheduler has last_epoch >= 0 and _step_count >= 1");
        var apply = PrepareSettings(stateDict.Settings ?? new OrderedDictionary<string, double>());
        apply();
        LastEpoch = stateDict.LastEpoch;
        StepCount = stateDict.StepCount;
        _baseLrs = [.. stateDict.BaseLrs];
        _lastLr = [.. stateDict.LastLr];
    }

    private void Advance(bool initial)
    {
        var groups = Optimizer.ParamGroups;
        if (groups.Count != _baseLrs.Length)
            throw new InvalidOperationException($"the optimizer has {groups.Count} parameter groups but this scheduler was built for {_baseLrs.Length}");
        int epoch = LastEpoch + 1;
        var next = GetLr(epoch, [.. groups.Select(g => g.Lr)], initial);
        for (int i = 0; i < next.Length; i++)
            if (!(next[i] >= 0))
                throw new InvalidOperationException($"the scheduler computed an invalid learning rate {OptimizerOptions.Format(next[i])} for parameter group {i} at epoch {epoch}; nothing was changed");
        LastEpoch = epoch;
        StepCount++;
        for (int i = 0; i < next.Length; i++) groups[i].Lr = next[i];
        _lastLr = next;
    }

    /// <summary>Reads an integer setting such as <c>step_size</c>; a saved value must be a whole number.</summary>
    private protected static int WholeSetting(IReadOnlyDictionary<string, double> settings, string key, int fallback, int minimum)
    {
        if (!settings.TryGetValue(key, out var value)) return fallback;
        if (value != Math.Floor(value) || value < minimum || value > int.MaxValue)
            throw new ArgumentException($"scheduler state dict: {key} must be a whole number >= {minimum}, got {OptimizerOptions.Format(value)}");
        return (int)value;
    }

    /// <summary>Throws for settings keys other than <paramref name="known"/>.</summary>
    private protected static void RejectUnknownSettings(IReadOnlyDictionary<string, double> settings, params string[] known)
    {
        foreach (var key in settings.Keys)
            if (Array.IndexOf(known, key) < 0)
                throw new ArgumentException($"scheduler state dict: unknown setting '{key}' (expected {string.Join(", ", known)})");
    }
}

/// <summary>
/// A scheduler's state in PyTorch's layout (<c>last_epoch</c>, <c>_step_count</c>,
/// <c>base_lrs</c>, <c>_last_lr</c>, plus the scheduler's own settings such as <c>step_size</c>,
/// <c>gamma</c>, <c>T_max</c>, <c>eta_min</c>): plain numbers, ready for JSON.
/// </summary>
public sealed class LRSchedulerStateDict
{
    public int LastEpoch { get; init; }
    public int StepCount { get; init; }
    public double[] BaseLrs { get; init; } = [];
    public double[] LastLr { get; init; } = [];
    public OrderedDictionary<string, double> Settings { get; init; } = new(StringComparer.Ordinal);
}
