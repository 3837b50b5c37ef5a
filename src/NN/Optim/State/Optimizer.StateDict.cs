using MiniTorch.Tensors;

namespace MiniTorch.Optim;

// Saving and loading PyTorch-layout state dicts. Loading is all-or-nothing: every group, id,
// hyperparameter and state tensor is checked and copied before the optimizer changes.
public abstract partial class Optimizer<TOptions>
{
    /// <summary>The group's hyperparameters under PyTorch's names, in PyTorch's order.</summary>
    private protected abstract IEnumerable<KeyValuePair<string, object>> SaveHyperparameters(TOptions options);

    /// <summary>Settings read back from a saved group; keys the dict lacks keep <paramref name="fallback"/>'s values.</summary>
    private protected abstract TOptions LoadHyperparameters(HyperparameterReader reader, TOptions fallback);

    /// <summary>Throws when <paramref name="state"/> has keys this optimizer does not keep (or lacks ones it needs).</summary>
    private protected abstract void CheckStateKeys(TOptions options, IReadOnlyDictionary<string, Tensor> state, string where);

    public sealed override OptimizerStateDict StateDict()
    {
        var result = new OptimizerStateDict();
        int nextId = 0;
        foreach (var group in _groups)
        {
            var hyperparameters = new OrderedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var (key, value) in SaveHyperparameters(group.Options)) hyperparameters.Add(key, value);
            if (group.InitialLr is double initialLr) hyperparameters.Add(InitialLrKey, initialLr);
            var ids = new int[group.Params.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = nextId++;
                if (StateByParam.TryGetValue(group.Params[i], out var state))
                    result.State[ids[i]] = new Dictionary<string, Tensor>(state, StringComparer.Ordinal);
            }
            result.ParamGroups.Add(new ParamGroupState { Hyperparameters = hyperparameters, Params = ids });
        }
        return result;
    }

    public sealed override void LoadStateDict(OptimizerStateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        using var unscoped = StorageScope.Suspend(); // the copied state is the optimizer's own, kept for good
        var saved = stateDict.ParamGroups ?? throw new ArgumentException("loaded state dict has no param_groups");
        if (saved.Count != _groups.Count)
            throw new ArgumentException($"loaded state dict has a different number of parameter groups ({saved.Count} saved, {_groups.Count} in the optimizer)");

        var options = new TOptions[saved.Count];
        var initialLrs = new double?[saved.Count];
        var paramById = new Dictionary<int, (Tensor Param, int Group)>();
        for (int g = 0; g < saved.Count; g++)
        {
            var group = saved[g] ?? throw new ArgumentException($"loaded state dict: param_groups[{g}] is null");
            var ids = group.Params ?? throw new ArgumentException($"loaded state dict: param_groups[{g}] has no params list");
            var current = _groups[g].Params;
            if (ids.Length != current.Count)
                throw new ArgumentException(
                    $"loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group {g}: {ids.Length} saved, {current.Count} in the optimizer)");
            // Saved ids map to the current tensors by position, as PyTorch zips them.
            for (int i = 0; i < ids.Length; i++)
                if (!paramById.TryAdd(ids[i], (current[i], g)))
                    throw new ArgumentException($"loaded state dict lists parameter id {ids[i]} more than once");
            (options[g], initialLrs[g]) = ReadGroup(group, g);
        }

        var loaded = new Dictionary<Tensor, Dictionary<string, Tensor>>(ReferenceEqualityComparer.Instance);
        foreach (var (id, entry) in stateDict.State ?? new())
        {
            // PyTorch keeps state for unknown ids verbatim; MiniTorch refuses it, as it can only be a mismatch.
            if (!paramById.TryGetValue(id, out var target))
                throw new ArgumentException($"loaded state dict has state for parameter id {id}, which no parameter group lists");
            if (entry is null) throw new ArgumentException($"loaded state dict: state[{id}] is null");
            CheckStateKeys(options[target.Group], entry, $"state[{id}]");
            loaded[target.Param] = CopyState(entry, id, target.Param);
        }

        for (int g = 0; g < _groups.Count; g++)
        {
            _groups[g].Options = options[g];
            _groups[g].InitialLr = initialLrs[g];
        }
        StateByParam = loaded;
    }

    private const string InitialLrKey = "initial_lr";

    private (TOptions Options, double? InitialLr) ReadGroup(ParamGroupState group, int index)
    {
        string where = $"param_groups[{index}]";
        var reader = new HyperparameterReader(group.Hyperparameters ?? new OrderedDictionary<string, object>(), where);
        var options = LoadHyperparameters(reader, Defaults);
        var initialLr = reader.OptionalNumber(InitialLrKey);
        reader.RejectUnknown();
        try { options.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"{where}: {e.Message}", e); }
        return (options, initialLr);
    }

    /// <summary>Checks and deep-copies one parameter's state; floating buffers take the parameter's dtype, "step" keeps its own.</summary>
    private static Dictionary<string, Tensor> CopyState(Dictionary<string, Tensor> entry, int id, Tensor param)
    {
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in entry)
        {
            string where = $"state[{id}][\"{key}\"]";
            if (value is null) throw new ArgumentException($"loaded state dict: {where} is null");
            Tensor copied;
            if (key == StepKey)
            {
                if (value.Numel != 1 || value.DType == DType.Bool)
                    throw new ArgumentException($"loaded state dict: {where} must hold one number, got a {value.DType.Name()} tensor of shape {ShapeUtil.Format(value.Shape)}");
                copied = new Tensor(value.Data.Clone());
            }
            else
            {
                if (!value.Data.IsFloatingPoint)
                    throw new ArgumentException($"loaded state dict: {where} is {value.DType.Name()}; optimizer state buffers must be floating point");
                if (!value.Shape.SequenceEqual(param.Shape))
                    throw new ArgumentException(
                        $"loaded state dict: {where} has shape {ShapeUtil.Format(value.Shape)} but parameter {id} has shape {ShapeUtil.Format(param.Shape)}");
                copied = Torch.Empty(param.DType, param.Shape.ToArray());
                copied.Data.CopyFrom(value.Data);
            }
            copy[key] = copied;
        }
        return copy;
    }

    /// <summary>The state key of Adam's step counter, which loading never casts (PyTorch #74424).</summary>
    private protected const string StepKey = "step";
}
