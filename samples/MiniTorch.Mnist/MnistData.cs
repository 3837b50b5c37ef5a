
namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The digits ready for the network: every pixel scaled to [0, 1] and normalised with MNIST's
/// customary mean <see cref="Mean"/> and standard deviation <see cref="Std"/> (those of the full
/// 60,000-image training set), the fixed split, and batches as [N, 1, H, W] tensors.
/// </summary>
public sealed class MnistData
{
    /// <summary>Mean and standard deviation of MNIST's training pixels in [0, 1] (torchvision's usual Normalize).</summary>
    public const float Mean = 0.1307f, Std = 0.3081f;

    private readonly float[] _pixels;
    private readonly long[] _labels;

    /// <param name="images">All images.</param>
    /// <param name="trainLimit">Use only the first this-many training images of the split (null: all).</param>
    /// <param name="testLimit">Use only the first this-many held-out images of the split (null: all).</param>
    public MnistData(MnistImages images, int? trainLimit = null, int? testLimit = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        Rows = images.Rows;
        Cols = images.Cols;
        var split = MnistSplit.Of(images.Count);
        Train = Take(split.Train, trainLimit);
        Test = Take(split.Test, testLimit);
        _labels = Array.ConvertAll(images.Labels, l => (long)l);
        _pixels = Normalise(images.Pixels);
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Indices of the training images used (split order).</summary>
    public int[] Train { get; }

    /// <summary>Indices of the held-out images used (split order).</summary>
    public int[] Test { get; }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public long Label(int index) => _labels[index];

    /// <summary>Images <c>indices[start .. start + count)</c> as a [count, 1, H, W] float tensor, and their labels as [count] int64.</summary>
    public (Tensor Images, Tensor Labels) Batch(ReadOnlySpan<int> indices, int start, int count)
    {
        int size = Rows * Cols;
        var x = new float[count * size];
        var y = new long[count];
        for (int i = 0; i < count; i++)
        {
            int image = indices[start + i];
            _pixels.AsSpan(image * size, size).CopyTo(x.AsSpan(i * size));
            y[i] = _labels[image];
        }
        return (Torch.FromArray(x, count, 1, Rows, Cols), Torch.FromArray(y, count));
    }

    private static int[] Take(int[] indices, int? limit) =>
        limit is int n && n < indices.Length ? indices[..n] : indices;

    private static float[] Normalise(byte[] pixels)
    {
        // One table of 256 entries: every pixel byte maps to the same float, whatever the order.
        Span<float> table = stackalloc float[256];
        for (int b = 0; b < 256; b++) table[b] = (b / 255f - Mean) / Std;
        var result = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) result[i] = table[pixels[i]];
        return result;
    }
}
