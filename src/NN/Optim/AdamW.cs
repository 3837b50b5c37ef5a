namespace MiniTorch.Optim;

/// <summary>
/// AdamW, like <c>torch.optim.AdamW</c>: <see cref="Adam"/> with decoupled weight decay
/// (<c>p *= 1 - lr·wd</c> before the moment updates, with the plain learning rate) and a default
/// weight decay of 1e-2. As in current PyTorch it is Adam with other defaults, so its groups hold
/// <see cref="AdamOptions"/> (an <see cref="AdamWOptions"/> unless a group replaced them).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>One group over <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions? options = null)
        : base(parameters, options ?? new AdamWOptions()) { }

    /// <summary>Several groups, each overriding <paramref name="defaults"/> as it says.</summary>
    public AdamW(IEnumerable<ParamGroup<AdamOptions>> groups, AdamWOptions? defaults = null)
        : base(groups, defaults ?? new AdamWOptions()) { }
}
