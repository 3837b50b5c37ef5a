namespace MiniTorch.Samples.Mnist;

/// <summary>
/// A set of greyscale digit images as stored on disk: one label byte (0-9) per image and
/// <c>Rows × Cols</c> pixel bytes per image (0 = black background, 255 = full ink), row-major.
/// </summary>
public sealed class MnistImages
{
    public MnistImages(byte[] labels, byte[] pixels, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(pixels);
        if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"image size {rows}x{cols} must be positive");
        if ((long)labels.Length * rows * cols != pixels.Length)
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * rows * cols} pixels of {rows}x{cols}, got {pixels.Length}", nameof(pixels));
        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw new ArgumentException($"label {labels[bad]} of image {bad} is not a digit 0-9", nameof(labels));
        Labels = labels;
        Pixels = pixels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>How many images.</summary>
    public int Count => Labels.Length;
    public int Rows { get; }
    public int Cols { get; }
    public int PixelsPerImage => Rows * Cols;

    /// <summary>The digit each image shows.</summary>
    public byte[] Labels { get; }

    /// <summary>All pixels, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>How many images show each digit 0-9.</summary>
    public int[] CountPerLabel()
    {
        var counts = new int[10];
        foreach (var l in Labels) counts[l]++;
        return counts;
    }
}
