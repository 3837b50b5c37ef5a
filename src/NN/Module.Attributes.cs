namespace MiniTorch.NN;

// Attribute-style access, PyTorch's module.name get/set/del routed to the registries; the seeds'
// code reads like Python through it, while layers use typed properties.
public abstract partial class Module
{
    /// <summary>
    /// Attribute-style access with PyTorch's <c>__getattr__</c>/<c>__setattr__</c> routing:
    /// getting looks in parameters, buffers, submodules, then plain attributes; setting a
    /// <see cref="Parameter"/>, <see cref="Module"/> or <see cref="TensorBuffer"/> registers it, a tensor
    /// assigned to an existing buffer name stays a buffer with its persistence, and anything else
    /// (a plain tensor under a new name) becomes a plain attribute that is not registered.
    /// </summary>
    public object? this[string name]
    {
        get
        {
            if (_parameters.TryGetValue(name, out var p)) return p;
            if (_buffers.TryGetValue(name, out var b)) return b;
            if (_modules.TryGetValue(name, out var m)) return m;
            if (_attributes.TryGetValue(name, out var a)) return a;
            throw new KeyNotFoundException($"'{TypeName}' object has no attribute '{name}'");
        }
        set => SetAttribute(name, value);
    }

    private void SetAttribute(string name, object? value)
    {
        switch (value)
        {
            case Parameter parameter:
                RemoveEverywhere(name);
                RegisterParameter(name, parameter);
                return;
            case var _ when _parameters.ContainsKey(name):
                if (value is not null)
                    throw new ArgumentException($"cannot assign '{TypeOf(value)}' as parameter '{name}' (Parameter or null expected)");
                _parameters[name] = null;
                return;
            case Module module:
                RemoveEverywhere(name);
                RegisterModule(name, module);
                return;
            case var _ when _modules.ContainsKey(name):
                if (value is not null)
                    throw new ArgumentException($"cannot assign '{TypeOf(value)}' as child module '{name}' (Module or null expected)");
                _modules[name] = null;
                return;
            case TensorBuffer buffer:
                RegisterBuffer(name, buffer.Tensor, buffer.Persistent);
                return;
            case var _ when _buffers.ContainsKey(name):
                if (value is not null and not Tensor)
                    throw new ArgumentException($"cannot assign '{TypeOf(value)}' as buffer '{name}' (TensorBuffer, Tensor or null expected)");
                RegisterBuffer(name, (Tensor?)value, !_nonPersistentBuffers.Contains(name));
                return;
            default:
                ValidateName(name, "attribute");
                _attributes[name] = Unscoped(value);
                return;
        }
    }

    /// <summary>Removes a parameter, buffer, submodule or plain attribute by name, like <c>del module.name</c>.</summary>
    public void Delete(string name)
    {
        if (_parameters.Remove(name)) return;
        if (_buffers.Remove(name)) { _nonPersistentBuffers.Remove(name); return; }
        if (_modules.Remove(name)) return;
        if (_attributes.Remove(name)) return;
        throw new KeyNotFoundException($"'{TypeName}' object has no attribute '{name}'");
    }

    /// <summary>True if <paramref name="name"/> is a parameter, buffer, submodule or plain attribute here.</summary>
    public bool Has(string name) =>
        _parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name) || _attributes.ContainsKey(name);

    private void RemoveEverywhere(string name)
    {
        _attributes.Remove(name);
        _parameters.Remove(name);
        _buffers.Remove(name);
        _nonPersistentBuffers.Remove(name);
        _modules.Remove(name);
    }

    private static string TypeOf(object value) => value.GetType().Name;
}
