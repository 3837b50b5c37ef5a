
namespace MiniTorch.Samples.Mnist;

/// <summary>Held-out accuracy and the raw logits of a model, in eval mode and without gradients.</summary>
public sealed record Evaluation(int Correct, int Total, float[] Logits)
{
    /// <summary>Images per forward pass; only memory depends on it, not the result.</summary>
    public const int BatchSize = 500;

    /// <summary>Fraction of images classified right, in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>
    /// Runs <paramref name="model"/> over the images <paramref name="indices"/> in eval mode
    /// (BatchNorm uses its running statistics) and restores the mode the model had.
    /// </summary>
    public static Evaluation Run(MnistNet model, MnistData data, int[] indices)
    {
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            var logits = new float[indices.Length * MnistNet.Classes];
            int correct = 0;
            using (Torch.NoGrad())
            {
                for (int start = 0; start < indices.Length; start += BatchSize)
                {
                    int count = Math.Min(BatchSize, indices.Length - start);
                    using var scope = StorageScope.Begin();   // the batch's activations are recycled
                    var (images, _) = data.Batch(indices, start, count);
                    var batch = model.Forward(images).ToFloatArray();
                    batch.CopyTo(logits, start * MnistNet.Classes);
                    for (int i = 0; i < count; i++)
                        if (ArgMax(batch.AsSpan(i * MnistNet.Classes, MnistNet.Classes)) == data.Label(indices[start + i])) correct++;
                }
            }
            return new Evaluation(correct, indices.Length, logits);
        }
        finally { model.Train(wasTraining); }
    }

    /// <summary>Index of the largest logit; the first one on ties, like torch.argmax.</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    /// <summary>True when both logit arrays hold the same floats bit for bit.</summary>
    public bool LogitsBitIdentical(Evaluation other) =>
        Logits.Length == other.Logits.Length &&
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(Logits.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(other.Logits.AsSpan()));
}
