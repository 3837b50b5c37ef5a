using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors;

/// <summary>
/// The one way entry points hand a tensor to a pointer kernel:
/// <c>fixed (T* p = &amp;x.FirstElement&lt;T&gt;())</c> pins the storage and points at the tensor's
/// first element (its offset applied). An optional tensor that is null gives a null pointer.
/// </summary>
internal static class Pinning
{
    extension(TensorData? self)
    {
        /// <summary>A reference to element 0 of the tensor inside its storage, or a null reference for a null tensor.</summary>
        internal ref T FirstElement<T>() where T : unmanaged
        {
            if (self is null) return ref Unsafe.NullRef<T>();
            return ref Unsafe.Add(ref self.Reference<T>(), self.Offset);
        }
    }
}
