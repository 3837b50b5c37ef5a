using FsCheck;

namespace MiniTorch.Tests.Support;

/// <summary>
/// One row of <see cref="OpTable"/>: an op and each face of it the suite tests. A face left null
/// is not tested through this row: the op has none (comparisons have no gradient, conv2d no
/// elementwise kernel) or another row covers it (pow_3's gradient is pow_scalar's).
/// </summary>
public sealed record Op(string Name)
{
    /// <summary>The elementwise operator: run by every loop template at every length 0..256, out of place and in place.</summary>
    public Kernel? Kernel { get; init; }

    /// <summary>For transcendental kernels: the documented error bound against the exact function.</summary>
    public Accuracy? Accuracy { get; init; }

    /// <summary>For backward kernels (grad, x): grad times the derivative, in plain double arithmetic.</summary>
    public Func<double, double, double>? BackwardFormula { get; init; }

    /// <summary>The TensorData entry point: on strided layouts it must equal itself on contiguous copies.</summary>
    public Forward? Forward { get; init; }

    /// <summary>The reduction over a dim list, with its reference: checked on strided inputs over random dims and keepDim.</summary>
    public Reduction? Reduction { get; init; }

    /// <summary>Random float64 instances of the differentiable op, with its input domain: backward must match central differences.</summary>
    public Gen<GradientCase>? Gradient { get; init; }

    /// <summary>True when at least one face is set, so that the row tests something.</summary>
    public bool HasAFace => Kernel != null || Forward != null || Reduction != null || Gradient != null;

    public override string ToString() => Name;
}
