namespace MiniTorch.NN;

// Iteration in PyTorch's order: pre-order over submodules, each module's own members in
// insertion order, shared objects reported once under their first path (unless asked otherwise).
public abstract partial class Module
{
    /// <summary>Every module in the tree with its dotted path, this one first ("" or <paramref name="prefix"/>).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "", bool removeDuplicate = true)
    {
        var memo = removeDuplicate ? new HashSet<Module>(ReferenceEqualityComparer.Instance) : null;
        // An explicit stack keeps the walk iterative; children are pushed in reverse to pop in order.
        var stack = new Stack<(string, Module)>();
        stack.Push((prefix, this));
        while (stack.Count > 0)
        {
            var (path, module) = stack.Pop();
            if (memo != null && !memo.Add(module)) continue; // a shared module is skipped with its subtree
            yield return (path, module);
            var children = module._modules.Where(kv => kv.Value != null).ToList();
            for (int i = children.Count - 1; i >= 0; i--)
                stack.Push((Join(path, children[i].Key), children[i].Value!));
        }
    }

    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>Direct submodules, de-duplicated, in insertion order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        var memo = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, child) in _modules)
            if (child != null && memo.Add(child)) yield return (name, child);
    }

    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>Parameters with dotted names: this module's own first, then each child's subtree in order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "", bool recurse = true, bool removeDuplicate = true) =>
        NamedMembers(prefix, recurse, removeDuplicate, static m => m._parameters);

    public IEnumerable<Parameter> Parameters(bool recurse = true) => NamedParameters(recurse: recurse).Select(p => p.Parameter);

    /// <summary>Buffers with dotted names, persistent or not (persistence only affects the state dict).</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "", bool recurse = true, bool removeDuplicate = true) =>
        NamedMembers(prefix, recurse, removeDuplicate, static m => m._buffers);

    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse: recurse).Select(b => b.Buffer);

    private IEnumerable<(string, T)> NamedMembers<T>(string prefix, bool recurse, bool removeDuplicate,
        Func<Module, OrderedDictionary<string, T?>> members) where T : Tensor
    {
        var memo = removeDuplicate ? new HashSet<Tensor>(ReferenceEqualityComparer.Instance) : null;
        var modules = recurse ? NamedModules(prefix, removeDuplicate) : [(prefix, this)];
        foreach (var (path, module) in modules)
            foreach (var (name, value) in members(module))
            {
                if (value is null || (memo != null && !memo.Add(value))) continue;
                yield return (Join(path, name), value);
            }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
