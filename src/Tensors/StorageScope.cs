using MiniTorch.Tensors;

namespace MiniTorch;

/// <summary>
/// A region of code whose tensor storage is recycled when it ends, so a training loop reuses
/// the same memory every step instead of feeding the garbage collector:
/// <code>
/// for (int step = 0; step &lt; steps; step++)
/// {
///     using var scope = StorageScope.Begin();
///     var loss = F.CrossEntropy(model.Call(x), y);
///     opt.ZeroGrad();
///     loss.Backward();
///     opt.Step();
/// }
/// </code>
/// While a scope is active on a thread, every storage allocated on that thread comes from
/// <see cref="StoragePool"/> and belongs to the innermost scope. When the scope is disposed, each
/// storage it still owns is released (any later access throws) and its array returns to the pool.
/// </summary>
/// <remarks>
/// <para>What is never scoped, whatever scope is active: gradients that backward stores in
/// <c>.Grad</c>, optimizer state, module parameters, buffers and attributes (registering a tensor
/// takes its storage out of any scope), and tensors wrapping caller arrays
/// (<see cref="TensorData.FromArray{T}"/>). To keep a result of the scope, use
/// <see cref="Keep(TensorData)"/> (it then belongs to the enclosing scope, or to no scope),
/// <see cref="DetachFromScope(TensorData)"/>, or copy it out (<c>ToArray</c>, <c>Item</c>).</para>
/// <para>Scopes nest and belong to the thread that began them: allocations on other threads are
/// not captured, scopes must end in reverse order on the same thread (a <c>using</c> declaration
/// does both), and disposing a scope twice does nothing. Releasing is deterministic: there are no
/// finalizers, so an array never returns to the pool while a kernel may still be reading it.</para>
/// </remarks>
public sealed class StorageScope : IDisposable
{
    [ThreadStatic] private static StorageScope? _innermost;
    /// <summary>Slot lists of ended scopes, reused by later ones so a steady loop allocates none (nested scopes need several).</summary>
    [ThreadStatic] private static Stack<Storage?[]>? _spareSlots;
    private const int MaxSpareSlotLists = 8;

    private readonly StorageScope? _parent;
    private readonly bool _suspends;
    private readonly int _threadId;
    private Storage?[] _slots = [];
    private int _count;
    private bool _ended;

    private StorageScope(StorageScope? parent, bool suspends)
    {
        _parent = parent;
        _suspends = suspends;
        _threadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Starts a scope on the current thread; dispose it (with <c>using</c>) to release its storage.</summary>
    public static StorageScope Begin() => _innermost = new StorageScope(_innermost, suspends: false);

    /// <summary>
    /// Until the returned handle is disposed, allocations on this thread are not scoped (plain
    /// GC-owned arrays, as without any scope). For state that must outlive the step, created in
    /// the middle of it.
    /// </summary>
    public static Suspension Suspend() => new(_innermost = new StorageScope(_innermost, suspends: true));

    /// <summary>The scope that allocations on this thread go to now, or null (no scope, or suspended).</summary>
    public static StorageScope? Current
    {
        get
        {
            var scope = _innermost;
            return scope is { _suspends: false } ? scope : null;
        }
    }

    /// <summary>True until the scope is disposed.</summary>
    public bool IsActive => !_ended;

    /// <summary>Storages this scope owns now (allocated in it, or kept into it, and not yet kept out of it).</summary>
    public int Count
    {
        get
        {
            int live = 0;
            for (int i = 0; i < _count; i++) if (_slots[i] != null) live++;
            return live;
        }
    }

    /// <summary>Scoped allocations made in this scope so far, their bytes, and how many of them the pool could not serve from a free array.</summary>
    internal int Allocations { get; private set; }
    internal long AllocatedBytes { get; private set; }
    internal int PoolMisses { get; private set; }

    /// <summary>
    /// Keeps <paramref name="data"/>'s storage past the end of this scope: it moves to the
    /// enclosing scope (released when that one ends) or, if this scope is the outermost, out of
    /// scoping altogether. A storage this scope does not own (already outside it) is left alone.
    /// Returns <paramref name="data"/>.
    /// </summary>
    public TensorData Keep(TensorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Keep(data.Storage);
        return data;
    }

    /// <inheritdoc cref="Keep(TensorData)"/>
    public Storage Keep(Storage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CheckThread("keep a storage in");
        if (storage.IsReleased) storage.ThrowReleased();
        if (_ended) throw new InvalidOperationException("cannot keep a storage in a StorageScope that has already ended");
        if (storage.Scope is { } owner && owner.IsWithin(this)) owner.MoveOut(storage, OuterTarget());
        return storage;
    }

    /// <summary>
    /// Moves <paramref name="data"/>'s storage from the scope that owns it to the enclosing one
    /// (or out of scoping if that scope is the outermost); nothing happens to an unscoped storage.
    /// Returns <paramref name="data"/>.
    /// </summary>
    public static TensorData MoveToOuterScope(TensorData data) => Relocate(data, toOuter: true, "move a storage out of");

    /// <summary>
    /// Takes <paramref name="data"/>'s storage out of every scope: it is never released and the GC
    /// reclaims it like any unscoped storage. Modules and optimizers do this for the tensors they
    /// keep. Returns <paramref name="data"/>.
    /// </summary>
    public static TensorData DetachFromScope(TensorData data) => Relocate(data, toOuter: false, "detach a storage from");

    /// <summary>Moves <paramref name="data"/>'s storage from its owner to the owner's enclosing scope, or to none.</summary>
    private static TensorData Relocate(TensorData data, bool toOuter, string action)
    {
        ArgumentNullException.ThrowIfNull(data);
        var storage = data.Storage;
        if (storage.IsReleased) storage.ThrowReleased();
        if (storage.Scope is { } owner)
        {
            owner.CheckThread(action);
            owner.MoveOut(storage, toOuter ? owner.OuterTarget() : null);
        }
        return data;
    }

    /// <summary>
    /// Ends the scope: every storage it still owns is released and its array returned to the
    /// pool. Throws if a scope begun later on this thread is still active; a second call does nothing.
    /// </summary>
    public void Dispose() => End("StorageScope");

    /// <summary>Records a storage just allocated in this scope.</summary>
    internal void Adopt(Storage storage, bool reused)
    {
        Allocations++;
        AllocatedBytes += (long)storage.Length * storage.DType.ElementSize();
        if (!reused) PoolMisses++;
        Add(storage);
    }

    private void Add(Storage storage)
    {
        if (_count == _slots.Length) Grow();
        storage.Scope = this;
        storage.ScopeSlot = _count;
        _slots[_count++] = storage;
    }

    private void Grow()
    {
        // The first growth takes a spare list from an earlier scope on this thread when there is one.
        var bigger = _slots.Length == 0 && _spareSlots is { } spares && spares.TryPop(out var spare)
            ? spare
            : new Storage?[Math.Max(64, _slots.Length * 2)];
        _slots.AsSpan(0, _count).CopyTo(bigger);
        _slots = bigger;
    }

    /// <summary>Removes a storage from this scope and hands it to <paramref name="target"/> (null: no scope).</summary>
    private void MoveOut(Storage storage, StorageScope? target)
    {
        _slots[storage.ScopeSlot] = null;
        storage.Scope = null;
        target?.Add(storage);
    }

    /// <summary>Where a storage kept past this scope goes: the enclosing scope, or none when this is the outermost or the enclosing frame is a suspension.</summary>
    private StorageScope? OuterTarget() => _parent is { _suspends: false } parent ? parent : null;

    /// <summary>True when this scope is <paramref name="scope"/> or nested inside it.</summary>
    private bool IsWithin(StorageScope scope)
    {
        for (var s = this; s != null; s = s._parent)
            if (ReferenceEquals(s, scope)) return true;
        return false;
    }

    private void CheckThread(string action)
    {
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException(
                $"cannot {action} a StorageScope from thread {Environment.CurrentManagedThreadId}: the scope belongs to thread {_threadId}, which began it");
    }

    private void End(string kind)
    {
        if (_ended) return;
        CheckThread("end");
        if (!ReferenceEquals(_innermost, this))
            throw new InvalidOperationException(
                $"{kind} disposed out of order: a StorageScope or Suspend begun after it on this thread is still active. " +
                "End scopes in the reverse order they began (a `using` declaration does this).");
        _ended = true;
        _innermost = _parent;
        if (_count == 0) return;

        StoragePool.Release(_slots.AsSpan(0, _count)); // clears every slot
        _count = 0;
        var spares = _spareSlots ??= new Stack<Storage?[]>();
        if (spares.Count < MaxSpareSlotLists) spares.Push(_slots);
        _slots = [];
    }

    /// <summary>The handle <see cref="Suspend"/> returns; disposing it resumes scoping. Disposing twice does nothing.</summary>
    public readonly struct Suspension : IDisposable
    {
        private readonly StorageScope _frame;

        internal Suspension(StorageScope frame) => _frame = frame;

        /// <summary>Resumes scoping; throws if a scope begun inside the suspension is still active.</summary>
        public void Dispose() => _frame?.End("StorageScope.Suspend");
    }
}
