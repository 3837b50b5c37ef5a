using MiniTorch.Tensors;

namespace MiniTorch.Autograd;

/// <summary>
/// Runs reverse mode over the recorded graph. Nodes are taken from a max-heap on their sequence
/// number, so each node runs once, after every node that consumed its output has added its
/// contribution: no recursion, so a chain of 100,000 ops needs no deep stack.
/// </summary>
/// <remarks>
/// A node's incoming gradient is summed in its own <see cref="Node.PendingGrad"/> field rather
/// than in a dictionary, and the heap is reused between calls on a thread: a backward over a
/// handful of small ops then allocates almost nothing beyond the gradients themselves. One
/// consequence: two threads must not run backward through the same nodes at the same time.
/// </remarks>
internal static class BackwardEngine
{
    [ThreadStatic] private static PriorityQueue<Node, long>? _spareQueue;

    public static void Run(Tensor root, TensorData seed, bool retainGraph)
    {
        var rootNode = root.GradFn;
        if (rootNode == null)
        {
            // A leaf: backward just accumulates the seed.
            AccumulateIntoLeaf(root, seed);
            return;
        }

        // Take this thread's spare heap (a nested backward, should one ever happen, makes its own).
        var ready = _spareQueue ?? new PriorityQueue<Node, long>();
        _spareQueue = null;
        rootNode.PendingGrad = seed;
        ready.Enqueue(rootNode, -rootNode.Sequence);

        // Backward itself is never recorded: gradients are plain data, and ops inside Backward run in no-grad mode.
        using var noGrad = GradMode.Set(false);
        // Every gradient computed here is a temporary: what survives is copied into .Grad outside
        // any scope (AccumulateIntoLeaf), and only built-in nodes exist, none of which keeps what
        // its backward computed. So backward recycles its own temporaries, with or without a caller's scope.
        using var temporaries = StorageScope.Begin();
        try
        {
            while (ready.TryDequeue(out var node, out _))
            {
                var grad = node.PendingGrad!;
                node.PendingGrad = null;
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
                        if (next.PendingGrad is { } sum) next.PendingGrad = sum.Add(g);
                        else
                        {
                            next.PendingGrad = g;
                            ready.Enqueue(next, -next.Sequence);
                        }
                    }
                    else if (input.RequiresGrad) AccumulateIntoLeaf(input, g);
                }
            }
        }
        finally
        {
            // After an error, forget the gradients still waiting so a later backward starts clean.
            while (ready.TryDequeue(out var left, out _)) left.PendingGrad = null;
            _spareQueue = ready;
        }
    }

    /// <summary>
    /// First gradient: a private copy (a node may hand the same gradient object to several inputs,
    /// or pass the user's seed through); later ones add in place into the same <c>Grad</c> object,
    /// as PyTorch's AccumulateGrad does. The copy is made outside any <see cref="StorageScope"/>:
    /// a gradient outlives the step (the optimizer reads it after backward, and it accumulates over steps).
    /// </summary>
    private static void AccumulateIntoLeaf(Tensor tensor, TensorData grad)
    {
        if (tensor.Grad is { } existing)
        {
            existing.Data.AddInPlace(grad);
            return;
        }
        using (StorageScope.Suspend()) tensor.Grad = new Tensor(grad.Clone());
    }

    private static void CheckGradShape(Node node, int index, Tensor input, TensorData grad)
    {
        if (!grad.Shape.SequenceEqual(input.Data.Shape))
            throw new InvalidOperationException(
                $"Function {node.Name} returned an invalid gradient at index {index} - got {ShapeUtil.Format(grad.Shape)} but expected shape compatible with {ShapeUtil.Format(input.Data.Shape)}");
    }
}
