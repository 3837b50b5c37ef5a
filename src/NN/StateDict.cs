namespace MiniTorch.NN;

/// <summary>
/// An ordered map from PyTorch-style keys (<c>"conv1.0.weight"</c>) to tensors, in
/// <see cref="Module.StateDict"/> order. <see cref="Metadata"/> carries each module's state
/// version, as PyTorch's <c>_metadata</c> does; a dictionary built by hand or read from a file
/// has none.
/// </summary>
public sealed class StateDict : OrderedDictionary<string, Tensor>
{
    public StateDict() : base(StringComparer.Ordinal) { }

    public StateDict(IEnumerable<KeyValuePair<string, Tensor>> entries) : base(StringComparer.Ordinal)
    {
        foreach (var (k, v) in entries) Add(k, v);
    }

    /// <summary>Module path (no trailing dot; root is "") to its state version; null when absent.</summary>
    public Dictionary<string, int>? Metadata { get; set; }
}

/// <summary>What <see cref="Module.LoadStateDict"/> could not match, like PyTorch's <c>_IncompatibleKeys</c>.</summary>
public sealed record IncompatibleKeys(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    public bool AllMatched => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;

    public override string ToString() => AllMatched
        ? "<All keys matched successfully>"
        : $"_IncompatibleKeys(missing_keys=[{string.Join(", ", MissingKeys.Select(k => $"'{k}'"))}], unexpected_keys=[{string.Join(", ", UnexpectedKeys.Select(k => $"'{k}'"))}])";
}
