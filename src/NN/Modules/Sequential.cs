namespace MiniTorch.NN;

/// <summary>Runs its children in order, each on the previous one's output. Children are named "0", "1", ...</summary>
public class Sequential : Module<Tensor, Tensor>
{
    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        for (int i = 0; i < modules.Length; i++) RegisterModule(i.ToString(), modules[i]);
    }

    /// <summary>Children with explicit names, like <c>nn.Sequential(OrderedDict(...))</c>.</summary>
    public Sequential(IEnumerable<(string Name, Module<Tensor, Tensor> Module)> named)
    {
        foreach (var (name, module) in named) RegisterModule(name, module);
    }

    public int Count => Children().Count();

    public Module<Tensor, Tensor> this[int index] =>
        (Module<Tensor, Tensor>)Children().ElementAt(index < 0 ? index + Count : index);

    /// <summary>Appends a module under the next index name.</summary>
    public Sequential Append(Module<Tensor, Tensor> module)
    {
        RegisterModule(OwnModules.Count().ToString(), module);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var (_, module) in OwnModules)
            if (module is Module<Tensor, Tensor> layer) x = layer.Forward(x);
        return x;
    }
}

/// <summary>Holds submodules in a list (registered as "0", "1", ...) without defining a forward pass.</summary>
public class ModuleList : Module, IEnumerable<Module>
{
    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public int Count => OwnModules.Count();

    public Module this[int index] => OwnModules.ElementAt(index < 0 ? index + Count : index).Value
        ?? throw new InvalidOperationException($"module {index} is null");

    public ModuleList Append(Module module)
    {
        RegisterModule(Count.ToString(), module);
        return this;
    }

    public IEnumerator<Module> GetEnumerator() => OwnModules.Select(kv => kv.Value!).Where(m => m != null).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
