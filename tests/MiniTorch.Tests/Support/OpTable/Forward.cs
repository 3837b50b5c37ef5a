using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>
/// An op's TensorData entry point, with its attributes already chosen: what the layout tests run
/// on permuted, sliced and expanded inputs.
/// </summary>
/// <param name="Arity">How many tensor operands it takes (1 or 2; a scalar operand is an attribute).</param>
/// <param name="Apply">The call.</param>
public sealed record Forward(int Arity, Func<TensorData[], TensorData> Apply)
{
    /// <summary>True when the op is defined for int64 as well as float32 and float64.</summary>
    public bool Int64 { get; init; }

    /// <summary>False for binary ops whose operands must have one shape (no broadcasting).</summary>
    public bool Broadcasts { get; init; } = true;

    public IEnumerable<DType> DTypes => Int64 ? [DType.Float32, DType.Float64, DType.Int64] : [DType.Float32, DType.Float64];

    public static Forward Unary(Func<TensorData, TensorData> apply, bool int64 = false) =>
        new(1, x => apply(x[0])) { Int64 = int64 };

    public static Forward Binary(Func<TensorData, TensorData, TensorData> apply, bool int64 = false, bool broadcasts = true) =>
        new(2, x => apply(x[0], x[1])) { Int64 = int64, Broadcasts = broadcasts };
}
