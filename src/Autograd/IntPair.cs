namespace MiniTorch;

/// <summary>
/// A (height, width) pair for convolution and pooling arguments. Like PyTorch's <c>_pair</c>, a
/// single int means the same value for both: <c>stride: 2</c> or <c>padding: (1, 0)</c>.
/// </summary>
public readonly record struct IntPair(int H, int W)
{
    public static implicit operator IntPair(int value) => new(value, value);
    public static implicit operator IntPair((int H, int W) pair) => new(pair.H, pair.W);
    public (int H, int W) ToTuple() => (H, W);
    public override string ToString() => $"({H}, {W})";
}
