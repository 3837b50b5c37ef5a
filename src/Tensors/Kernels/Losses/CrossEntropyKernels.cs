using System.Numerics;

namespace MiniTorch.Tensors.Kernels.Losses;

/// <summary>
/// Cross entropy over contiguous [rows, classes] log-probabilities with int64 class targets, one
/// row at a time. Sums run in double whatever T is; a target equal to ignoreIndex contributes nothing.
/// </summary>
internal static class CrossEntropyKernels
{
    /// <summary>
    /// Writes each row's loss (1-ε)·(-logp[t]) + (ε/C)·(-Σ logp) into <paramref name="losses"/> (0 for
    /// ignored rows) and returns how many rows were not ignored.
    /// </summary>
    public static int Rows<T>(ReadOnlySpan<T> logProbs, ReadOnlySpan<long> target, double eps, long ignoreIndex, int classes, Span<T> losses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int counted = 0;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == ignoreIndex) { losses[i] = T.Zero; continue; }
            counted++;
            var row = logProbs.Slice(i * classes, classes);
            double loss = -(1 - eps) * double.CreateTruncating(row[(int)target[i]]);
            if (eps != 0)
            {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += double.CreateTruncating(row[c]);
                loss -= eps / classes * sum;
            }
            losses[i] = T.CreateTruncating(loss);
        }
        return counted;
    }

    /// <summary>
    /// Writes the logits' gradient rowScale[i]·(softmax - q), q = (1-ε)·onehot(t) + ε/C, into
    /// <paramref name="grad"/>; ignored rows get 0.
    /// </summary>
    public static void Gradient<T>(ReadOnlySpan<T> rowScale, ReadOnlySpan<T> logProbs, ReadOnlySpan<long> target, double eps, long ignoreIndex, int classes, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double floor = eps / classes;
        for (int i = 0; i < target.Length; i++)
        {
            var row = grad.Slice(i * classes, classes);
            if (target[i] == ignoreIndex) { row.Clear(); continue; }
            double s = double.CreateTruncating(rowScale[i]);
            for (int c = 0; c < classes; c++)
            {
                double q = c == target[i] ? 1 - eps + floor : floor;
                row[c] = T.CreateTruncating(s * (Math.Exp(double.CreateTruncating(logProbs[i * classes + c])) - q));
            }
        }
    }
}
