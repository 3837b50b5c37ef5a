using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

public static partial class F
{
    /// <summary>
    /// Cross entropy from unnormalized logits and int64 class indices: input [N, C] with target [N],
    /// [C] with a 0-d target, or [N, C, d1, ...] with target [N, d1, ...]. Targets equal to
    /// <paramref name="ignoreIndex"/> add nothing and are not counted by "mean".
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, string reduction = "mean", double labelSmoothing = 0, long ignoreIndex = -100)
    {
        var mode = Reductions.Parse(reduction);
        var (rows, flatTarget, restore) = ClassRows(input, target, "cross_entropy");
        var loss = Fn.CrossEntropy.Apply(rows, flatTarget, mode, labelSmoothing, ignoreIndex);
        return mode == Reduction.None ? loss.Reshape(restore) : loss;
    }

    /// <summary>Negative log-likelihood from log-probabilities, with the shapes <see cref="CrossEntropy"/> accepts.</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, string reduction = "mean", long ignoreIndex = -100)
    {
        var mode = Reductions.Parse(reduction);
        var (rows, flatTarget, restore) = ClassRows(input, target, "nll_loss");
        var loss = Fn.NllLoss.Apply(rows, flatTarget, mode, ignoreIndex);
        return mode == Reduction.None ? loss.Reshape(restore) : loss;
    }

    /// <summary>Mean (or summed) squared error; the operands broadcast.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, string reduction = "mean") =>
        Fn.MseLoss.Apply(input, target, Reductions.Parse(reduction));

    /// <summary>Binary cross entropy on logits, in the numerically stable form max(x,0) - x·y + log(1 + e^-|x|).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, string reduction = "mean") =>
        Fn.BceWithLogits.Apply(input, target, Reductions.Parse(reduction));

    /// <summary>Brings any accepted input layout to [rows, C] with a [rows] target; returns the per-row loss shape for "none".</summary>
    private static (Tensor Rows, Tensor Target, int[] RestoreShape) ClassRows(Tensor input, Tensor target, string op)
    {
        if (target.DType != DType.Int64)
            throw new ArgumentException($"{op}: expected an int64 target of class indices, got {target.DType.Name()} of shape {ShapeUtil.Format(target.Shape)}");
        bool fits = input.Rank switch
        {
            1 => target.Rank == 0,
            0 => false,
            _ => target.Rank == input.Rank - 1 && target.Size(0) == input.Size(0) && SpatialMatches(input, target),
        };
        if (!fits)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.Shape)} and target of shape {ShapeUtil.Format(target.Shape)} do not fit: expected input [N, C, ...] with target [N, ...], or input [C] with a 0-d target");
        var restore = target.Data.ShapeArray();
        if (input.Rank == 1) return (input.Unsqueeze(0), target.Reshape(1), restore);
        if (input.Rank == 2) return (input, target, restore);
        // [N, C, d1, ...] -> [N, d1, ..., C] -> [N·d1·..., C]
        var order = new int[input.Rank];
        order[0] = 0;
        for (int d = 2; d < input.Rank; d++) order[d - 1] = d;
        order[^1] = 1;
        return (input.Permute(order).Reshape(-1, input.Size(1)), target.Reshape(-1), restore);
    }

    private static bool SpatialMatches(Tensor input, Tensor target)
    {
        for (int d = 2; d < input.Rank; d++) if (input.Size(d) != target.Size(d - 1)) return false;
        return true;
    }
}
