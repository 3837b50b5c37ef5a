using MiniTorch.Tensors;

namespace MiniTorch.NN;

// state_dict and load_state_dict. Keys and order are PyTorch's; loading is all-or-nothing.
public abstract partial class Module
{
    /// <summary>
    /// The module's state: per module, its parameters, then its persistent buffers, then its
    /// children's entries; no de-duplication (a shared module appears under every path). Values
    /// are detached aliases of the live tensors, not copies; int64 buffers stay int64.
    /// </summary>
    public StateDict StateDict(string prefix = "", bool keepVars = false)
    {
        var result = new StateDict { Metadata = new Dictionary<string, int>(StringComparer.Ordinal) };
        // Recursion here follows the module tree, whose depth is the model's nesting depth.
        CollectState(result, prefix, keepVars);
        return result;
    }

    private void CollectState(StateDict into, string prefix, bool keepVars)
    {
        into.Metadata![prefix.Length > 0 ? prefix[..^1] : ""] = StateVersion;
        foreach (var (name, p) in _parameters)
            if (p != null) into[prefix + name] = keepVars ? p : p.Detach();
        foreach (var (name, b) in _buffers)
            if (b != null && !_nonPersistentBuffers.Contains(name)) into[prefix + name] = keepVars ? b : b.Detach();
        foreach (var (name, child) in _modules)
            child?.CollectState(into, prefix + name + ".", keepVars);
    }

    /// <summary>
    /// Copies <paramref name="stateDict"/> into this module's parameters and persistent buffers, in
    /// place (so optimizers holding them keep working). Every key, shape and dtype is checked
    /// before anything is copied: on any error nothing changes (PyTorch copies what it can first).
    /// Shape and dtype mismatches are errors even when <paramref name="strict"/> is false;
    /// missing and unexpected keys are errors only when it is true, and are returned either way.
    /// </summary>
    public IncompatibleKeys LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        // A private copy: modules may add keys (BatchNorm's num_batches_tracked) while matching.
        var source = new Dictionary<string, Tensor>(stateDict, StringComparer.Ordinal);
        var keyOrder = stateDict.Keys.ToList();
        var metadata = (stateDict as StateDict)?.Metadata;
        var plan = new LoadPlan();
        MatchState(source, keyOrder, metadata, "", plan);

        var errors = new List<string>();
        if (strict)
        {
            if (plan.Unexpected.Count > 0)
                errors.Add("Unexpected key(s) in state_dict: " + string.Join(", ", plan.Unexpected.Select(k => $"\"{k}\"")) + ". ");
            if (plan.Missing.Count > 0)
                errors.Insert(0, "Missing key(s) in state_dict: " + string.Join(", ", plan.Missing.Select(k => $"\"{k}\"")) + ". ");
        }
        errors.AddRange(plan.Mismatches);
        if (errors.Count > 0)
            throw new InvalidOperationException($"Error(s) in loading state_dict for {TypeName}:\n\t" + string.Join("\n\t", errors));

        using (Torch.NoGrad())
            foreach (var (target, value) in plan.Copies) target.Data.CopyFrom(value.Data);
        return new IncompatibleKeys(plan.Missing, plan.Unexpected);
    }

    /// <summary>What loading found: copies to make, and every problem, gathered before acting.</summary>
    protected internal sealed class LoadPlan
    {
        public List<(Tensor Target, Tensor Value)> Copies { get; } = [];
        public List<string> Missing { get; } = [];
        public List<string> Unexpected { get; } = [];
        public List<string> Mismatches { get; } = [];
    }

    private void MatchState(Dictionary<string, Tensor> source, List<string> keyOrder, Dictionary<string, int>? metadata, string prefix, LoadPlan plan)
    {
        int? version = metadata != null && metadata.TryGetValue(prefix.Length > 0 ? prefix[..^1] : "", out var v) ? v : null;
        BeforeLoadState(source, keyOrder, prefix, version);

        var local = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in _parameters) if (p != null) local[name] = p;
        foreach (var (name, b) in _buffers) if (b != null && !_nonPersistentBuffers.Contains(name)) local[name] = b;

        foreach (var (name, target) in local)
        {
            var key = prefix + name;
            if (!source.TryGetValue(key, out var value)) { plan.Missing.Add(key); continue; }
            // Back-compat as in PyTorch: a 0-d entry may come saved as shape [1] (viewed outside the graph).
            var data = target.Rank == 0 && value.Rank == 1 && value.Size(0) == 1 ? new Tensor(value.Data.View()) : value;
            if (!data.Shape.SequenceEqual(target.Shape))
                plan.Mismatches.Add($"size mismatch for {key}: copying a param with shape {ShapeUtil.Format(data.Shape)} from checkpoint, the shape in current model is {ShapeUtil.Format(target.Shape)}.");
            else if (data.DType != target.DType)
                plan.Mismatches.Add($"dtype mismatch for {key}: copying a param with dtype {data.DType.Name()} and shape {ShapeUtil.Format(data.Shape)} from checkpoint, the dtype in current model is {target.DType.Name()} with shape {ShapeUtil.Format(target.Shape)}.");
            else plan.Copies.Add((target, data));
        }

        foreach (var key in keyOrder)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            int dot = rest.IndexOf('.');
            bool unexpected = dot >= 0 ? !_modules.ContainsKey(rest[..dot]) : !local.ContainsKey(rest);
            if (unexpected) plan.Unexpected.Add(key);
        }

        foreach (var (name, child) in _modules)
            child?.MatchState(source, keyOrder, metadata, prefix + name + ".", plan);
    }

    /// <summary>
    /// Lets a module adapt an older state layout before matching (BatchNorm adds a missing
    /// <c>num_batches_tracked</c> when the metadata version is absent or below 2).
    /// </summary>
    protected internal virtual void BeforeLoadState(Dictionary<string, Tensor> source, List<string> keyOrder, string prefix, int? version) { }
}
