using MiniTorch.Tensors.Kernels.Losses;
namespace MiniTorch.Tensors;

// Entry points of the classification losses over [rows, classes] with int64 class targets.
// Per-row sums run in double; a target equal to ignoreIndex contributes nothing.
public static class LossOps
{
    extension(TensorData)
    {
        /// <summary>
        /// Per-row cross entropy from log-probabilities: (1-ε)·(-logp[t]) + (ε/C)·(-Σ logp), 0 where the
        /// target is <paramref name="ignoreIndex"/>. Returns the losses (shape [rows]) and the number
        /// of rows that were not ignored.
        /// </summary>
        public static (TensorData Losses, int Counted) CrossEntropyForward(TensorData logProbs, TensorData target, double labelSmoothing, long ignoreIndex)
        {
            var (rows, classes) = CheckClassTargets(logProbs, target, ignoreIndex, "cross_entropy");
            var losses = TensorData.Uninitialized(logProbs.DType, [rows]);
            int counted = logProbs.DType switch
            {
                DType.Float32 => CrossEntropyKernels.Rows(logProbs.Contiguous().Span<float>(), target.Contiguous().Span<long>(), labelSmoothing, ignoreIndex, classes, losses.Span<float>()),
                DType.Float64 => CrossEntropyKernels.Rows(logProbs.Contiguous().Span<double>(), target.Contiguous().Span<long>(), labelSmoothing, ignoreIndex, classes, losses.Span<double>()),
                _ => throw logProbs.NotFloating("cross_entropy"),
            };
            return (losses, counted);
        }

        /// <summary>
        /// Gradient of <see cref="CrossEntropyForward"/> with respect to the logits (the log-softmax
        /// folded in): rowScale[i]·(softmax - q) with q = (1-ε)·onehot(t) + ε/C; ignored rows get 0.
        /// </summary>
        public static TensorData CrossEntropyBackward(TensorData rowScale, TensorData logProbs, TensorData target, double labelSmoothing, long ignoreIndex)
        {
            var (rows, classes) = CheckClassTargets(logProbs, target, ignoreIndex, "cross_entropy_backward");
            var grad = TensorData.Uninitialized(logProbs.DType, [rows, classes]);
            switch (logProbs.DType)
            {
                case DType.Float32: CrossEntropyKernels.Gradient(rowScale.Contiguous().Span<float>(), logProbs.Contiguous().Span<float>(), target.Contiguous().Span<long>(), labelSmoothing, ignoreIndex, classes, grad.Span<float>()); break;
                case DType.Float64: CrossEntropyKernels.Gradient(rowScale.Contiguous().Span<double>(), logProbs.Contiguous().Span<double>(), target.Contiguous().Span<long>(), labelSmoothing, ignoreIndex, classes, grad.Span<double>()); break;
                default: throw logProbs.NotFloating("cross_entropy_backward");
            }
            return grad;
        }

        /// <summary>Per-row negative log-likelihood -input[i, t_i] (0 for ignored rows) and the number of counted rows.</summary>
        public static (TensorData Losses, int Counted) NllLossForward(TensorData input, TensorData target, long ignoreIndex)
        {
            var (rows, classes) = CheckClassTargets(input, target, ignoreIndex, "nll_loss");
            var x = input.Contiguous();
            var t = target.Contiguous().Span<long>();
            var losses = TensorData.Zeros(input.DType, rows);
            int counted = 0;
            for (int i = 0; i < rows; i++)
            {
                if (t[i] == ignoreIndex) continue;
                counted++;
                losses.SetFlat(i, -x.GetFlat(i * classes + (int)t[i]));
            }
            return (losses, counted);
        }

        /// <summary>Gradient of the per-row NLL: -rowScale[i] at [i, t_i], 0 elsewhere and on ignored rows.</summary>
        public static TensorData NllLossBackward(TensorData rowScale, TensorData input, TensorData target, long ignoreIndex)
        {
            var (rows, classes) = CheckClassTargets(input, target, ignoreIndex, "nll_loss_backward");
            var t = target.Contiguous().Span<long>();
            var scale = rowScale.Contiguous();
            var grad = TensorData.Zeros(input.DType, rows, classes);
            for (int i = 0; i < rows; i++)
                if (t[i] != ignoreIndex) grad.SetFlat(i * classes + (int)t[i], -scale.GetFlat(i));
            return grad;
        }
    }

    private static (int Rows, int Classes) CheckClassTargets(TensorData input, TensorData target, long ignoreIndex, string op)
    {
        if (input.Rank != 2 || target.Rank != 1 || target.Size(0) != input.Size(0))
            throw new ArgumentException($"{op}: expected input [N, C] and target [N], got input {ShapeUtil.Format(input.Shape)} and target {ShapeUtil.Format(target.Shape)}");
        if (target.DType != DType.Int64)
            throw new ArgumentException($"{op}: expected an int64 class-index target, got {target.DType.Name()} of shape {ShapeUtil.Format(target.Shape)}");
        int classes = input.Size(1);
        foreach (var t in target.Contiguous().Span<long>())
            if (t != ignoreIndex && (t < 0 || t >= classes))
                throw new IndexOutOfRangeException($"{op}: Target {t} is out of bounds for {classes} classes (input {ShapeUtil.Format(input.Shape)})");
        return (input.Size(0), classes);
    }
}
