using System.Diagnostics.CodeAnalysis;

namespace MiniTorch.NN;

/// <summary>
/// The base of every layer and model: it owns named parameters, buffers and submodules, in
/// insertion order (the only ordering rule, as in PyTorch). Registration is explicit —
/// <c>Weight = RegisterParameter("weight", ...)</c> — so nothing depends on reflection, and a
/// plain C# field holding a tensor is simply not part of the module's state.
/// </summary>
/// <remarks>
/// Everything a module stores (parameters, buffers, tensor attributes) outlives a training step,
/// so storing a tensor takes its storage out of any <see cref="StorageScope"/>.
/// </remarks>
public abstract partial class Module
{
    private readonly OrderedDictionary<string, Parameter?> _parameters = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Tensor?> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonPersistentBuffers = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Module?> _modules = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, object?> _attributes = new(StringComparer.Ordinal);

    /// <summary>Train mode (the default) or eval mode; read by Dropout and BatchNorm.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Version of this module's state layout, stored in state-dict metadata (BatchNorm uses 2).</summary>
    protected internal virtual int StateVersion => 1;

    /// <summary>The class name shown in printouts and error messages.</summary>
    public virtual string TypeName => GetType().Name;

    // ---------------------------------------------------------------- registration

    /// <summary>
    /// Registers a parameter (or reserves the name with null). Re-registering an existing
    /// parameter name replaces it in place; any other existing member of that name is an error.
    /// The result is non-null whenever <paramref name="parameter"/> is.
    /// </summary>
    [return: NotNullIfNotNull(nameof(parameter))]
    public Parameter? RegisterParameter(string name, Parameter? parameter)
    {
        ValidateName(name, "parameter");
        if (Has(name) && !_parameters.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists", nameof(name));
        if (parameter != null) StorageScope.DetachFromScope(parameter.Data);
        _parameters[name] = parameter;
        return parameter;
    }

    /// <summary>
    /// Registers a buffer: state that is saved and converted with the module but never trained.
    /// A tensor that requires grad is stored detached — buffers keep gradients off by construction
    /// (PyTorch would keep the flag). Re-registering a buffer name replaces its value in place and
    /// sets its persistence. The result is non-null whenever <paramref name="tensor"/> is.
    /// </summary>
    [return: NotNullIfNotNull(nameof(tensor))]
    public Tensor? RegisterBuffer(string name, Tensor? tensor, bool persistent = true)
    {
        ValidateName(name, "buffer");
        if (Has(name) && !_buffers.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists", nameof(name));
        var stored = AsBufferValue(tensor);
        _buffers[name] = stored;
        if (persistent) _nonPersistentBuffers.Remove(name);
        else _nonPersistentBuffers.Add(name);
        return stored;
    }

    /// <summary>
    /// Registers a submodule (or reserves the name with null); re-adding a submodule name replaces
    /// it in place. The result is non-null whenever <paramref name="module"/> is.
    /// </summary>
    [return: NotNullIfNotNull(nameof(module))]
    public T? RegisterModule<T>(string name, T? module) where T : Module
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("module name can't be empty string \"\"", nameof(name));
        if (Has(name) && !_modules.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists", nameof(name));
        if (name.Contains('.')) throw new ArgumentException($"module name can't contain \".\", got: {name}", nameof(name));
        if (ReferenceEquals(module, this)) throw new ArgumentException($"a module cannot be its own child ('{name}')", nameof(module));
        _modules[name] = module;
        return module;
    }

    /// <summary>Same as <see cref="RegisterModule{T}"/>, PyTorch's older name.</summary>
    [return: NotNullIfNotNull(nameof(module))]
    public T? AddModule<T>(string name, T? module) where T : Module => RegisterModule(name, module);

    /// <summary>
    /// Replaces the value of an existing buffer, keeping its place and persistence — what
    /// <c>self.running_mean = ...</c> does in PyTorch. The value is stored detached.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    protected Tensor? SetBuffer(string name, Tensor? value)
    {
        if (!_buffers.ContainsKey(name))
            throw new KeyNotFoundException($"'{TypeName}' has no buffer '{name}' to assign; register it first with RegisterBuffer");
        return RegisterBuffer(name, value, !_nonPersistentBuffers.Contains(name));
    }

    /// <summary>
    /// The current value of this module's own parameter <paramref name="name"/>: what a typed
    /// property such as <c>BatchNorm.Weight</c> returns, so it always sees the latest registration.
    /// </summary>
    protected Parameter? RegisteredParameter(string name) =>
        _parameters.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"'{TypeName}' has no parameter '{name}'");

    /// <summary>
    /// The current value of this module's own buffer <paramref name="name"/>: what a typed property
    /// such as <c>BatchNorm.RunningMean</c> returns, so a replaced value is seen at once.
    /// </summary>
    protected Tensor? RegisteredBuffer(string name) =>
        _buffers.TryGetValue(name, out var b) ? b : throw new KeyNotFoundException($"'{TypeName}' has no buffer '{name}'");


    private static void ValidateName(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('.')) throw new ArgumentException($"{kind} name can't contain \".\" (got \"{name}\")", nameof(name));
        if (name.Length == 0) throw new ArgumentException($"{kind} name can't be empty string \"\"", nameof(name));
    }

    /// <summary>Buffers never require grad: values that do are stored as detached aliases. Buffers are never scoped.</summary>
    private static Tensor? AsBufferValue(Tensor? tensor) => Unscoped(tensor switch
    {
        null => null,
        Parameter p => new Tensor(p.Data),
        { RequiresGrad: true } t => t.Detach(),
        _ => tensor,
    });

    /// <summary>Takes a tensor the module keeps out of any storage scope; returns it.</summary>
    private static T? Unscoped<T>(T? value) where T : class
    {
        if (value is Tensor tensor) StorageScope.DetachFromScope(tensor.Data);
        return value;
    }

    /// <summary>Whether a registered buffer is persistent (saved in the state dict).</summary>
    public bool IsPersistentBuffer(string name) =>
        _buffers.ContainsKey(name) ? !_nonPersistentBuffers.Contains(name)
        : throw new KeyNotFoundException($"'{TypeName}' has no buffer '{name}'");

    internal IEnumerable<KeyValuePair<string, Parameter?>> OwnParameters => _parameters;
    internal IEnumerable<KeyValuePair<string, Tensor?>> OwnBuffers => _buffers;
    internal IEnumerable<KeyValuePair<string, Module?>> OwnModules => _modules;
    internal bool HasChild(string name) => _modules.ContainsKey(name);
    internal void ReplaceBufferValue(string name, Tensor value) => _buffers[name] = Unscoped(value);
}

/// <summary>A module with a typed forward pass; <see cref="Call"/> is PyTorch's <c>module(x)</c>.</summary>
public abstract class Module<TInput, TOutput> : Module
{
    public abstract TOutput Forward(TInput input);

    public TOutput Call(TInput input) => Forward(input);
}
