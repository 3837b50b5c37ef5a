using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>
/// An op's face as a reduction: the TensorData call over a dim list (null = all) with keepDim,
/// and a double-precision reference for one group of reduced elements. Each output element must
/// lie within <see cref="Tolerance"/> of the reference over its group; the dtype is kept.
/// </summary>
/// <param name="Apply">The call, with its other attributes chosen.</param>
/// <param name="Reference">The exact result over one group, in reading order.</param>
/// <param name="Tolerance">The allowed error over one group, for an input of that dtype.</param>
public sealed record Reduction(Func<TensorData, int[]?, bool, TensorData> Apply, Func<double[], double> Reference, Func<double[], DType, double> Tolerance)
{
    /// <summary>True when the op is defined for int64 as well as float32 and float64.</summary>
    public bool Int64 { get; init; }

    /// <summary>True when inputs include NaN and ±inf (for the float dtypes), whose propagation the reference states.</summary>
    public bool Specials { get; init; }

    /// <summary>True when reducing a zero-size dim raises (there is no identity, as for max), instead of giving the reference's value.</summary>
    public bool RejectsEmpty { get; init; }

    public IEnumerable<DType> DTypes => Int64 ? [DType.Float32, DType.Float64, DType.Int64] : [DType.Float32, DType.Float64];
}
