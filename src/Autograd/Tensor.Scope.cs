using MiniTorch.Tensors;

namespace MiniTorch;

// Storage scopes (see StorageScope): how a tensor computed inside a scope outlives it.
public partial class Tensor
{
    /// <summary>
    /// Moves this tensor's storage from the <see cref="StorageScope"/> that owns it to the scope
    /// enclosing that one (or out of scoping when it was the outermost), so it survives the end of
    /// the scope it was computed in. Views share the storage, so they survive too. Nothing happens
    /// to a tensor that no scope owns. Returns this tensor.
    /// </summary>
    public Tensor MoveToOuterScope()
    {
        StorageScope.MoveToOuterScope(Data);
        return this;
    }

    /// <summary>
    /// Takes this tensor's storage out of every <see cref="StorageScope"/>: it is never released
    /// and the GC reclaims it once unreachable, as without scopes. For a result kept across many
    /// steps (a running metric, a cached embedding). Returns this tensor.
    /// </summary>
    public Tensor DetachFromScope()
    {
        StorageScope.DetachFromScope(Data);
        return this;
    }

    /// <summary>Whether a <see cref="StorageScope"/> owns this tensor's storage (it is released when that scope ends).</summary>
    public bool IsScoped => Data.Storage.IsScoped;
}

/// <summary><see cref="StorageScope"/> helpers for autograd tensors.</summary>
public static class StorageScopeExtensions
{
    /// <summary>
    /// Keeps <paramref name="tensor"/>'s storage past the end of <paramref name="scope"/> (it
    /// moves to the enclosing scope, or out of scoping); see <see cref="StorageScope.Keep(TensorData)"/>.
    /// Returns <paramref name="tensor"/>.
    /// </summary>
    public static Tensor Keep(this StorageScope scope, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(tensor);
        scope.Keep(tensor.Data);
        return tensor;
    }
}
