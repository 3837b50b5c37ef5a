namespace MiniTorch.NN;

// Dotted-path lookup: GetSubmodule("conv1.0"), GetParameter("conv1.0.weight"), GetBuffer("bn.running_mean").
public abstract partial class Module
{
    /// <summary>The submodule at a dotted path; "" is this module.</summary>
    public Module GetSubmodule(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length == 0) return this;
        Module module = this;
        foreach (var atom in target.Split('.'))
        {
            if (!module.Has(atom))
                throw new KeyNotFoundException($"{module.TypeName} has no attribute `{atom}` (looking up '{target}')");
            module = module._modules.TryGetValue(atom, out var child) && child != null
                ? child
                : throw new InvalidOperationException($"`{atom}` is not an nn.Module (looking up '{target}')");
        }
        return module;
    }

    /// <summary>The parameter at a dotted path.</summary>
    public Parameter GetParameter(string target)
    {
        var (module, name) = Resolve(target);
        if (!module.Has(name)) throw new KeyNotFoundException($"{module.TypeName} has no attribute `{name}` (looking up '{target}')");
        return module._parameters.TryGetValue(name, out var p) && p != null
            ? p
            : throw new InvalidOperationException($"`{name}` is not an nn.Parameter (looking up '{target}')");
    }

    /// <summary>The buffer at a dotted path (null when the buffer is registered as null).</summary>
    public Tensor? GetBuffer(string target)
    {
        var (module, name) = Resolve(target);
        if (!module.Has(name)) throw new KeyNotFoundException($"{module.TypeName} has no attribute `{name}` (looking up '{target}')");
        return module._buffers.TryGetValue(name, out var b)
            ? b
            : throw new InvalidOperationException($"`{name}` is not a buffer (looking up '{target}')");
    }

    private (Module Module, string Name) Resolve(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        int dot = target.LastIndexOf('.');
        return dot < 0 ? (this, target) : (GetSubmodule(target[..dot]), target[(dot + 1)..]);
    }
}
