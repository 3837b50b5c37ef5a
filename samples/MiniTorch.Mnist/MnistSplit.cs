namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The fixed train / held-out split: a Fisher-Yates shuffle of the image indices driven by
/// SplitMix64 with seed <see cref="Seed"/>; the first 80 % train, the last 20 % are held out
/// (8,000 / 2,000 for the shipped 10,000 digits). It uses its own tiny generator, not
/// MiniTorch's, so the split never moves when the library's random streams change or when
/// <c>--seed</c> does; the same file always splits the same way.
/// </summary>
public sealed class MnistSplit
{
    /// <summary>The split's seed ("MNIST" in ASCII).</summary>
    public const ulong Seed = 0x4D4E495354;

    /// <summary>The held-out share: one image in five.</summary>
    public const int TestDivisor = 5;

    private MnistSplit(int[] train, int[] test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>Indices of the training images, in shuffled order.</summary>
    public int[] Train { get; }

    /// <summary>Indices of the held-out images, in shuffled order.</summary>
    public int[] Test { get; }

    /// <summary>Splits <paramref name="count"/> images (at least 2: one of each side).</summary>
    public static MnistSplit Of(int count)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "a split needs at least 2 images");
        var order = Shuffled(count);
        int test = Math.Max(1, count / TestDivisor);
        return new MnistSplit(order[..(count - test)], order[(count - test)..]);
    }

    private static int[] Shuffled(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ulong state = Seed;
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)(SplitMix64(ref state) % (ulong)(i + 1)); // modulo bias below 2^-40: irrelevant here
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
