using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// Runs reverse mode over the recorded graph. Nodes are taken from a max-heap on their sequence
/// number, so each node runs once, after every node that consumed its output has added its
/// contribution: no recursion, so a chain of 100,000 ops needs no deep stack.
/// </summary>
internal static class BackwardEngine
{
    public static void Run(Tensor root, TensorData seed, bool retainGraph)
    {
        var rootNode = root.GradFn;
        if (rootNode == null)
        {
            // A leaf: backward just accumulates the seed.
            AccumulateIntoLeaf(root, seed);
            return;
        }

        var pending = new Dictionary<Node, TensorData>(ReferenceEqualityComparer.Instance) { [rootNode] = seed };
        var ready = new PriorityQueue<Node, long>();
        ready.Enqueue(rootNode, -rootNode.Sequence);

        // Backward itself is never recorded: gradients are plain data, and ops inside Backward run in no-grad mode.
        using var noGrad = GradMode.Set(false);
        while (ready.TryDequeue(out var node, out _))
        {
            var grad = pending[node];
            pending.Remove(node);
            if (node.RetainedOutput is { } retained) AccumulateIntoLeaf(retained, grad);

            var inputGrads = node.Backward(grad);
            if (!retainGraph) node.ReleaseSavedTensors();

            var inputs = node.Inputs;
            for (int i = 0; i < inputs.Length; i++)
            {
                var input = inputs[i];
                var g = inputGrads[i];
                if (input == null || g == null) continue;
                CheckGradShape(node, i, input, g);
                if (input.GradFn is { } next)
                {
                    if (pending.TryGetValue(next, out var sum)) pending[next] = sum.Add(g);
                    else
                    {
                        pending[next] = g;
                        ready.Enqueue(next, -next.Sequence);
                    }
                }
                else if (input.RequiresGrad) AccumulateIntoLeaf(input, g);
            }
        }
    }

    /// <summary>
    /// First gradient: a private copy (a node may hand the same gradient object to several inputs,
    /// or pass the user's seed through); later ones add in place into the same <c>Grad</c> object,
    /// as PyTorch's AccumulateGrad does.
    /// </summary>
    private static void AccumulateIntoLeaf(Tensor tensor, TensorData grad)
    {
        if (tensor.Grad is null) tensor.Grad = new Tensor(grad.Clone());
        else tensor.Grad.Data.AddInPlace(grad);
    }

    private static void CheckGradShape(Node node, int index, Tensor input, TensorData grad)
    {
        if (!grad.Shape.SequenceEqual(input.Data.Shape))
            throw new InvalidOperationException(
                $"Function {node.Name} returned an invalid gradient at index {index} - got {ShapeUtil.Format(grad.Shape)} but expected shape compatible with {ShapeUtil.Format(input.Data.Shape)}");
    }
}
