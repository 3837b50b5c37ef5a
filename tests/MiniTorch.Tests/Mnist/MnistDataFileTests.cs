using MiniTorch.Samples.Mnist;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Mnist;

public class MnistDataFileTests
{
    private static readonly MnistImages Shipped = MnistFile.Read(MnistFile.DefaultPath);

    [Fact]
    public void ShippedFile_Holds10000Images_Of28x28()
    {
        Assert.Equal(10_000, Shipped.Count);
        Assert.Equal(28, Shipped.Rows);
        Assert.Equal(28, Shipped.Cols);
        Assert.Equal(10_000 * 784, Shipped.Pixels.Length);
    }

    [Fact]
    public void ShippedFile_HasAbout1000ImagesOfEveryDigit()
    {
        var counts = Shipped.CountPerLabel();
        Assert.Equal(10_000, counts.Sum());
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
        // The counts the npm package's ten files hold (data/README.md).
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], counts);
    }

    [Fact]
    public void ShippedFile_ImagesLookLikeDigits_DarkBorderAndSomeInk()
    {
        for (int i = 0; i < Shipped.Count; i += 97)
        {
            var image = Shipped.Pixels.AsSpan(i * 784, 784);
            Assert.Equal(0, image[0]); // MNIST digits are centred: the corner pixel is background
            int ink = 0;
            foreach (var p in image) if (p > 127) ink++;
            Assert.InRange(ink, 10, 400);
        }
    }

    [Fact]
    public void Split_Is8000Train2000Test_DisjointAndCoveringAll()
    {
        var split = MnistSplit.Of(10_000);
        Assert.Equal(8_000, split.Train.Length);
        Assert.Equal(2_000, split.Test.Length);
        var train = split.Train.ToHashSet();
        Assert.Equal(8_000, train.Count); // no duplicates
        Assert.DoesNotContain(split.Test, train.Contains);
        Assert.Equal(Enumerable.Range(0, 10_000), split.Train.Concat(split.Test).Order());
    }

    [Fact]
    public void Split_DoesNotDependOnTheLibraryGenerator_AndIsShuffled()
    {
        var test = MnistSplit.Of(10_000).Test;
        // The split has its own generator: drawing from MiniTorch's default one (as training and
        // --seed do) must not move it.
        TensorData.RandPerm(100);
        Assert.Equal(test, MnistSplit.Of(10_000).Test);
        // Shuffled, not a block of the label-ordered file: every digit is held out, near its 20 % share.
        var perDigit = new int[10];
        foreach (var i in test) perDigit[Shipped.Labels[i]]++;
        Assert.All(perDigit, c => Assert.InRange(c, 120, 290));
    }

    [Fact]
    public void Data_NormalisesPixels_WithMnistMeanAndStd()
    {
        var data = new MnistData(Shipped, trainLimit: 3, testLimit: 2);
        Assert.Equal(3, data.Train.Length);
        Assert.Equal(2, data.Test.Length);
        var (images, labels) = data.Batch(data.Train, 0, 3);
        Assert.Equal([3, 1, 28, 28], images.Shape.ToArray());
        Assert.Equal(DType.Int64, labels.DType);
        var x = images.ToFloatArray();
        for (int n = 0; n < 3; n++)
        {
            int image = data.Train[n];
            Assert.Equal(Shipped.Labels[image], labels.ToDoubleArray()[n]);
            for (int p = 0; p < 784; p += 13)
            {
                double expected = (Shipped.Pixels[image * 784 + p] / 255.0 - 0.1307) / 0.3081;
                Assert.Equal(expected, x[n * 784 + p], 5);
            }
        }
    }

    [Fact]
    public void WriteThenRead_GivesBackTheSameImages()
    {
        using var folder = new TempFolder();
        var rng = new Random(5);
        var pixels = new byte[3 * 4 * 5];
        rng.NextBytes(pixels);
        var images = new MnistImages([7, 0, 9], pixels, 4, 5);
        MnistFile.Write(folder.File("x.bin.gz"), images);
        var back = MnistFile.Read(folder.File("x.bin.gz"));
        Assert.Equal(images.Labels, back.Labels);
        Assert.Equal(images.Pixels, back.Pixels);
        Assert.Equal((4, 5), (back.Rows, back.Cols));
    }

    public static TheoryData<string, byte[]> CorruptContents => new()
    {
        { "not gzip at all", "hello, this is not a gzip stream"u8.ToArray() },
        { "bad magic", Gzip([.. "NOPE"u8, .. Header(1, 1, 1), 3, 0]) },
        { "truncated pixels", Gzip([.. "MTMN"u8, .. Header(2, 2, 2), 1, 2, 0, 0, 0]) },
        { "bytes after the last image", Gzip([.. "MTMN"u8, .. Header(1, 1, 1), 4, 9, 9]) },
        { "label above 9", Gzip([.. "MTMN"u8, .. Header(1, 1, 1), 10, 0]) },
        { "impossible size", Gzip([.. "MTMN"u8, .. Header(-5, 28, 28)]) },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(CorruptContents))]
    public void Read_RejectsCorruptFiles_WithInvalidDataException(string why, byte[] contents)
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.bin.gz");
        File.WriteAllBytes(path, contents);
        var e = Assert.ThrowsAny<InvalidDataException>(() => MnistFile.Read(path));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), why);
    }

    internal static byte[] Header(int count, int rows, int cols) =>
        [.. BitConverter.GetBytes(count), .. BitConverter.GetBytes(rows), .. BitConverter.GetBytes(cols)];

    internal static byte[] Gzip(byte[] raw)
    {
        var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(raw);
        return buffer.ToArray();
    }
}
