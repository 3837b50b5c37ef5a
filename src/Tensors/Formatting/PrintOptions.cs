namespace MiniTorch.Tensors;

/// <summary>
/// How <see cref="TensorData.ToString()"/> prints, with PyTorch's defaults
/// (<c>torch.set_printoptions(profile="default")</c>).
/// </summary>
public sealed record PrintOptions
{
    /// <summary>PyTorch's defaults: precision 4, threshold 1000, edge items 3, line width 80, automatic scientific mode.</summary>
    public static PrintOptions Default { get; } = new();

    /// <summary>Digits after the decimal point.</summary>
    public int Precision { get; init; } = 4;

    /// <summary>More elements than this are summarized with <c>...</c>.</summary>
    public int Threshold { get; init; } = 1000;

    /// <summary>Items kept at each end of a summarized dimension.</summary>
    public int EdgeItems { get; init; } = 3;

    /// <summary>Characters per line before a row of numbers wraps.</summary>
    public int LineWidth { get; init; } = 80;

    /// <summary>True or false forces scientific notation on or off; null lets the values decide.</summary>
    public bool? SciMode { get; init; }
}
