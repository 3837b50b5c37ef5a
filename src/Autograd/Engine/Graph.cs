using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>The two questions every differentiable op asks: record this call? and, if so, how.</summary>
internal static class Graph
{
    /// <summary>A node is recorded only when grad mode is on and some input requires grad.</summary>
    public static bool ShouldRecord(Tensor a) => a.RequiresGrad && GradMode.IsEnabled;

    public static bool ShouldRecord(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && GradMode.IsEnabled;

    public static bool ShouldRecord(ReadOnlySpan<Tensor?> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs) if (t is { RequiresGrad: true }) return true;
        return false;
    }

    /// <summary>Wires a one-input <paramref name="node"/> and wraps the output.</summary>
    public static Tensor Record(Node node, TensorData output, Tensor input)
    {
        node.Inputs = [input.RequiresGrad ? input : null];
        return new Tensor(output, node);
    }

    /// <summary>Wires a two-input <paramref name="node"/> and wraps the output.</summary>
    public static Tensor Record(Node node, TensorData output, Tensor? a, Tensor? b)
    {
        node.Inputs = [a is { RequiresGrad: true } ? a : null, b is { RequiresGrad: true } ? b : null];
        return new Tensor(output, node);
    }

    /// <summary>Wires <paramref name="node"/> to the inputs that require grad and wraps the output.</summary>
    public static Tensor Record(Node node, TensorData output, params Tensor?[] inputs)
    {
        var edges = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            edges[i] = inputs[i] is { RequiresGrad: true } t ? t : null;
        node.Inputs = edges;
        return new Tensor(output, node);
    }
}
