using MiniTorch.Tensors;

namespace MiniTorch;

// In-place ops write into this tensor's storage and bump its version. They are not recorded:
// they are for tensors outside the graph (buffers, optimizer updates under NoGrad, gradients).
public partial class Tensor
{
    public Tensor AddInPlace(Tensor other) { CheckInPlace("add_", other); Data.AddInPlace(other.Data); return this; }
    public Tensor SubInPlace(Tensor other) { CheckInPlace("sub_", other); Data.SubInPlace(other.Data); return this; }
    public Tensor MulInPlace(Tensor other) { CheckInPlace("mul_", other); Data.MulInPlace(other.Data); return this; }
    public Tensor DivInPlace(Tensor other) { CheckInPlace("div_", other); Data.DivInPlace(other.Data); return this; }
    public Tensor AddInPlace(double value) { CheckInPlace("add_"); Data.AddInPlace(value); return this; }
    public Tensor MulInPlace(double value) { CheckInPlace("mul_"); Data.MulInPlace(value); return this; }
    public Tensor FillInPlace(double value) { CheckInPlace("fill_"); Data.FillInPlace(value); return this; }
    public Tensor ZeroInPlace() { CheckInPlace("zero_"); Data.ZeroInPlace(); return this; }

    /// <summary>Copies <paramref name="source"/>'s values (broadcast, dtype-converted) into this tensor, like <c>copy_</c>.</summary>
    public Tensor CopyInPlace(Tensor source) { CheckInPlace("copy_", source); Data.CopyFrom(source.Data); return this; }

    /// <summary>
    /// PyTorch forbids in-place changes to a leaf that requires grad while grad mode is on (its
    /// old value may be needed). MiniTorch does not record in-place ops, so it also refuses them
    /// on non-leaves in the graph and with operands that require grad, rather than compute a wrong gradient.
    /// </summary>
    private void CheckInPlace(string op, Tensor? other = null)
    {
        if (!GradMode.IsEnabled) return;
        if (RequiresGrad && IsLeaf)
            throw new InvalidOperationException($"a leaf Variable that requires grad is being used in an in-place operation. ({op} on a tensor of shape {ShapeUtil.Format(Shape)})");
        if (RequiresGrad || other is { RequiresGrad: true })
            throw new NotSupportedException(
                $"{op}: in-place operations are not recorded by autograd; use the out-of-place op, or run it under Torch.NoGrad() (tensor of shape {ShapeUtil.Format(Shape)}{(other != null ? $", operand of shape {ShapeUtil.Format(other.Shape)}" : "")})");
    }
}
