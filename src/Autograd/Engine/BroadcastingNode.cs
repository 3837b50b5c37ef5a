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
    private int[]? _shapeA, _shapeB, _shapeC;

    /// <summary>Remembers the input shapes that differ from the output's.</summary>
    protected void RememberShapes(TensorData output, TensorData a, TensorData? b = null, TensorData? c = null)
    {
        if (!a.Shape.SequenceEqual(output.Shape)) _shapeA = a.ShapeArray();
        if (b != null && !b.Shape.SequenceEqual(output.Shape)) _shapeB = b.ShapeArray();
        if (c != null && !c.Shape.SequenceEqual(output.Shape)) _shapeC = c.ShapeArray();
    }

    /// <summary>Sums output-shaped gradients back to the inputs' shapes.</summary>
    protected TensorData?[] ToInputShapes(TensorData? ga, TensorData? gb) => [Reduce(ga, _shapeA), Reduce(gb, _shapeB)];

    /// <summary>Three-input form (where: condition, x, y).</summary>
    protected TensorData?[] ToInputShapes(TensorData? ga, TensorData? gb, TensorData? gc) => [Reduce(ga, _shapeA), Reduce(gb, _shapeB), Reduce(gc, _shapeC)];

    private static TensorData? Reduce(TensorData? grad, int[]? shape) => grad is null || shape is null ? grad : grad.SumToShape(shape);
}
