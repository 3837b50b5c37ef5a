namespace MiniTorch;

/// <summary>
/// Whether operations record a graph. Per thread, like PyTorch's grad mode: a <c>NoGrad</c> scope
/// on one thread does not affect another.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    /// <summary>True unless a <see cref="Torch.NoGrad"/> scope is active on this thread.</summary>
    public static bool IsEnabled => !_disabled;

    /// <summary>Sets grad mode for this thread until the returned scope is disposed.</summary>
    public static Scope Set(bool enabled)
    {
        var scope = new Scope(!_disabled);
        _disabled = !enabled;
        return scope;
    }

    /// <summary>Restores the previous grad mode when disposed; scopes nest.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previous;
        internal Scope(bool previous) => _previous = previous;
        public void Dispose() => _disabled = !_previous;
    }
}
