using System.Numerics;

namespace MiniTorch.Tensors;

// Fused kernels for the classification losses over [rows, classes] with int64 class targets.
// Per-row sums run in double; a target equal to ignoreIndex contributes nothing.
public sealed partial class TensorData
{
    /// <summary>
    /// Per-row cross entropy from log-probabilities: (1-ε)·(-logp[t]) + (ε/C)·(-Σ logp), 0 where the
    /// target is <paramref name="ignoreIndex"/>. Returns the losses (shape [rows]) and the number
    /// of rows that were not ignored.
    /// </summary>
    public static (TensorData Losses, int Counted) CrossEntropyForward(TensorData logProbs, TensorData target, double labelSmoothing, long ignoreIndex)
    {
        var (rows, classes) = CheckClassTargets(logProbs, target, ignoreIndex, "cross_entropy");
        var losses = Uninitialized(logProbs.DType, [rows]);
        int counted = logProbs.DType switch
        {
            DType.Float32 => CrossEntropyRows<float>(logProbs, target, labelSmoothing, ignoreIndex, rows, classes, losses),
            DType.Float64 => CrossEntropyRows<double>(logProbs, target, labelSmoothing, ignoreIndex, rows, classes, losses),
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
        var grad = Uninitialized(logProbs.DType, [rows, classes]);
        switch (logProbs.DType)
        {
            case DType.Float32: CrossEntropyGrad<float>(rowScale, logProbs, target, labelSmoothing, ignoreIndex, rows, classes, grad); break;
            case DType.Float64: CrossEntropyGrad<double>(rowScale, logProbs, target, labelSmoothing, ignoreIndex, rows, classes, grad); break;
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
        var losses = Zeros(input.DType, rows);
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
        var grad = Zeros(input.DType, rows, classes);
        for (int i = 0; i < rows; i++)
            if (t[i] != ignoreIndex) grad.SetFlat(i * classes + (int)t[i], -scale.GetFlat(i));
        return grad;
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

    private double GetFlat(int index) => DType switch
    {
        DType.Float32 => Span<float>()[index],
        DType.Float64 => Span<double>()[index],
        DType.Int64 => Span<long>()[index],
        _ => Span<bool>()[index] ? 1 : 0,
    };

    private static int CrossEntropyRows<T>(TensorData logProbs, TensorData target, double eps, long ignoreIndex, int rows, int classes, TensorData losses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lp = logProbs.Contiguous().Span<T>();
        var t = target.Contiguous().Span<long>();
        var dst = losses.Span<T>();
        int counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (t[i] == ignoreIndex) { dst[i] = T.Zero; continue; }
            counted++;
            var row = lp.Slice(i * classes, classes);
            double loss = -(1 - eps) * double.CreateTruncating(row[(int)t[i]]);
            if (eps != 0)
            {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += double.CreateTruncating(row[c]);
                loss -= eps / classes * sum;
            }
            dst[i] = T.CreateTruncating(loss);
        }
        return counted;
    }

    private static void CrossEntropyGrad<T>(TensorData rowScale, TensorData logProbs, TensorData target, double eps, long ignoreIndex, int rows, int classes, TensorData grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lp = logProbs.Contiguous().Span<T>();
        var t = target.Contiguous().Span<long>();
        var scale = rowScale.Contiguous().Span<T>();
        var dst = grad.Span<T>();
        double floor = eps / classes;
        for (int i = 0; i < rows; i++)
        {
            var row = dst.Slice(i * classes, classes);
            if (t[i] == ignoreIndex) { row.Clear(); continue; }
            double s = double.CreateTruncating(scale[i]);
            for (int c = 0; c < classes; c++)
            {
                double q = c == t[i] ? 1 - eps + floor : floor;
                row[c] = T.CreateTruncating(s * (Math.Exp(double.CreateTruncating(lp[i * classes + c])) - q));
            }
        }
    }
}
