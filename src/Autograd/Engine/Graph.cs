using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// The one step every differentiable op ends with, minitorch's <c>Function.apply</c>: wrap the
/// forward's output and, when autograd records this call, make the node and wire it to its inputs.
/// </summary>
/// <remarks>
/// A node is recorded only when grad mode is on and some input requires grad. Only then is
/// <c>makeNode</c> called: it builds the node, whose constructor saves what its backward reads.
/// Nodes pass it as a <c>static</c> lambda, which the compiler caches, so a call that records
/// nothing allocates no node and no delegate: just the output tensor. Parameters the node keeps
/// (a slope, the reduced dims) travel in <c>args</c>, a tuple when there are several, so the
/// lambda never captures.
/// </remarks>
internal static class Graph
{
    /// <summary>One input <paramref name="x"/>, output <paramref name="y"/>.</summary>
    public static Tensor Record(Tensor x, TensorData y, Func<Tensor, TensorData, Node> makeNode) =>
        ShouldRecord(x) ? Wire(makeNode(x, y), y, x) : new Tensor(y);

    /// <summary>One input, and parameters the node keeps.</summary>
    public static Tensor Record<TArgs>(Tensor x, TensorData y, TArgs args, Func<Tensor, TensorData, TArgs, Node> makeNode) =>
        ShouldRecord(x) ? Wire(makeNode(x, y, args), y, x) : new Tensor(y);

    /// <summary>Two inputs.</summary>
    public static Tensor Record(Tensor a, Tensor b, TensorData y, Func<Tensor, Tensor, TensorData, Node> makeNode) =>
        ShouldRecord(a, b) ? Wire(makeNode(a, b, y), y, a, b) : new Tensor(y);

    /// <summary>Two inputs, and parameters the node keeps.</summary>
    public static Tensor Record<TArgs>(Tensor a, Tensor b, TensorData y, TArgs args, Func<Tensor, Tensor, TensorData, TArgs, Node> makeNode) =>
        ShouldRecord(a, b) ? Wire(makeNode(a, b, y, args), y, a, b) : new Tensor(y);

    /// <summary>An input with a weight and a bias, either of which may be absent (linear, convolution, normalization).</summary>
    public static Tensor Record(Tensor x, Tensor? weight, Tensor? bias, TensorData y, Func<Tensor, Tensor?, Tensor?, Node> makeNode) =>
        ShouldRecord([x, weight, bias]) ? Wire(makeNode(x, weight, bias), y, [x, weight, bias]) : new Tensor(y);

    /// <summary>An input, weight and bias, and parameters the node keeps.</summary>
    public static Tensor Record<TArgs>(Tensor x, Tensor? weight, Tensor? bias, TensorData y, TArgs args, Func<Tensor, Tensor?, Tensor?, TArgs, Node> makeNode) =>
        ShouldRecord([x, weight, bias]) ? Wire(makeNode(x, weight, bias, args), y, [x, weight, bias]) : new Tensor(y);

    /// <summary>Any number of inputs (cat, stack).</summary>
    public static Tensor Record<TArgs>(Tensor?[] inputs, TensorData y, TArgs args, Func<TArgs, Node> makeNode) =>
        ShouldRecord(inputs) ? Wire(makeNode(args), y, inputs) : new Tensor(y);

    private static bool ShouldRecord(Tensor a) => a.RequiresGrad && GradMode.IsEnabled;

    private static bool ShouldRecord(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && GradMode.IsEnabled;

    private static bool ShouldRecord(ReadOnlySpan<Tensor?> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs) if (t is { RequiresGrad: true }) return true;
        return false;
    }

    // The edges: an input that does not require grad gets none (null), so backward stops there.

    private static Tensor Wire(Node node, TensorData output, Tensor input)
    {
        node.Inputs = [input];
        return new Tensor(output, node);
    }

    private static Tensor Wire(Node node, TensorData output, Tensor a, Tensor b)
    {
        node.Inputs = [a.RequiresGrad ? a : null, b.RequiresGrad ? b : null];
        return new Tensor(output, node);
    }

    private static Tensor Wire(Node node, TensorData output, ReadOnlySpan<Tensor?> inputs)
    {
        var edges = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            edges[i] = inputs[i] is { RequiresGrad: true } t ? t : null;
        node.Inputs = edges;
        return new Tensor(output, node);
    }
}
