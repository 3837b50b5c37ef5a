namespace MiniTorch.Tensors;

// Printing, like PyTorch's repr.
public sealed partial class TensorData
{
    /// <summary>
    /// The tensor as PyTorch prints it with default print options, e.g.
    /// <c>tensor([[ 0.1234, -1.5000],\n        [ 2.0000,  3.0000]])</c>.
    /// </summary>
    public override string ToString() => ToString(PrintOptions.Default);

    /// <summary>The tensor as PyTorch prints it under <c>torch.set_printoptions(...)</c> equal to <paramref name="options"/>.</summary>
    public string ToString(PrintOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Printing must not throw (debuggers call it): a released storage says so instead.
        if (Storage.IsReleased) return $"tensor(<released by its StorageScope>, size={ShapeUtil.Format(_shape)}, dtype={DType.Name()})";
        return TensorFormatter.Format(this, options);
    }
}
