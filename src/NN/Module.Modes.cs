using MiniTorch.Tensors;

namespace MiniTorch.NN;

// Whole-tree operations: train/eval, gradients, dtype conversion, apply.
public abstract partial class Module
{
    /// <summary>Sets train mode on this module and, recursively, its children; returns this.</summary>
    public Module Train(bool mode = true)
    {
        Training = mode;
        foreach (var child in Children()) child.Train(mode);
        return this;
    }

    /// <summary>Eval mode: BatchNorm uses running statistics and Dropout passes inputs through. It does not disable autograd.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears parameter gradients: to null (the default, as in PyTorch 2) or to zeros in place.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
        {
            if (p.Grad is null) continue;
            if (setToNone) p.Grad = null;
            else p.Grad.Data.ZeroInPlace();
        }
    }

    /// <summary>Sets <c>RequiresGrad</c> on every parameter (buffers are untouched), like <c>requires_grad_()</c>; returns this.</summary>
    public Module SetRequiresGrad(bool requiresGrad = true)
    {
        foreach (var p in Parameters()) p.RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>
    /// Converts floating parameters and buffers to <paramref name="dtype"/>; integer buffers (like
    /// BatchNorm's num_batches_tracked) keep theirs. Parameters keep their identity (their data is
    /// swapped, gradients converted too); converted buffers are new tensor objects, as in PyTorch.
    /// </summary>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"nn.Module.to only accepts floating point or complex dtypes, but got desired dtype={dtype.Name()}", nameof(dtype));
        // The converted tensors replace long-lived state: allocate them outside any storage scope.
        using var unscoped = StorageScope.Suspend();
        foreach (var child in Children()) child.To(dtype);
        foreach (var (_, p) in _parameters)
        {
            if (p is null || !p.Data.IsFloatingPoint || p.DType == dtype) continue;
            p.SetData(p.Data.To(dtype));
            if (p.Grad is { } g) p.Grad = new Tensor(g.Data.To(dtype));
        }
        foreach (var (name, b) in _buffers.ToList())
        {
            if (b is null || !b.Data.IsFloatingPoint || b.DType == dtype) continue;
            ReplaceBufferValue(name, new Tensor(b.Data.To(dtype)));
        }
        return this;
    }

    public Module Float() => To(DType.Float32);
    public Module Double() => To(DType.Float64);

    /// <summary>Calls <paramref name="fn"/> on every child subtree (post-order), then on this module; returns this.</summary>
    public Module Apply(Action<Module> fn)
    {
        foreach (var child in Children()) child.Apply(fn);
        fn(this);
        return this;
    }
}
