using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// A node for an op that broadcasts its inputs. Its backward computes every gradient in the
/// output's shape, as if the inputs had been expanded first; <c>ToInputShapes</c> then sums
/// each one back to its input's shape (PyTorch's <c>sum_to_size</c>). Keeping that here keeps
/// shapes out of each op's derivative, as candle's explicit broadcast node does.
/// </summary>
internal abstract class BroadcastingNode : Node
{
    // Null when that input already had the output's shape (the common case: no allocation).
    private readonly int[]? _shapeA, _shapeB;

    /// <summary>Remembers the input shapes that differ from the output's.</summary>
    protected BroadcastingNode(TensorData output, TensorData a, TensorData b)
    {
        if (!a.Shape.SequenceEqual(output.Shape)) _shapeA = a.ShapeArray();
        if (!b.Shape.SequenceEqual(output.Shape)) _shapeB = b.ShapeArray();
    }

    /// <summary>Sums output-shaped gradients back to the inputs' shapes.</summary>
    protected TensorData?[] ToInputShapes(TensorData? ga, TensorData? gb) => [Reduce(ga, _shapeA), Reduce(gb, _shapeB)];

    private static TensorData? Reduce(TensorData? grad, int[]? shape) => grad is null || shape is null ? grad : grad.SumToShape(shape);
}
