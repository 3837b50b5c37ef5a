using System.Buffers.Binary;
using System.IO.Compression;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The trainer's compact digits file (<c>data/mnist-10k.bin.gz</c>), gzip-compressed:
/// <code>
/// "MTMN"            4 bytes, magic
/// count, rows, cols 3 × int32, little-endian
/// labels            count bytes, each 0-9
/// pixels            count × rows × cols bytes, round(value × 255), image after image, row-major
/// </code>
/// Nothing may follow the pixels.
/// </summary>
public static class MnistFile
{
    /// <summary>The four bytes every file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "MTMN"u8;

    /// <summary>File name of the digits shipped with the trainer.</summary>
    public const string DefaultFileName = "mnist-10k.bin.gz";

    private const int HeaderLength = 16;
    private const int MaxCount = 1_000_000, MaxSide = 1024;

    /// <summary>The shipped digits file beside the program (the build copies it there).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", DefaultFileName);

    /// <summary>Writes <paramref name="images"/> to <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, MnistImages images)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], images.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], images.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], images.Cols);
        gzip.Write(header);
        gzip.Write(images.Labels);
        gzip.Write(images.Pixels);
    }

    /// <summary>
    /// Reads a digits file. A file that is not one (bad gzip data, wrong magic, impossible sizes,
    /// a label above 9, too few or too many bytes) raises <see cref="InvalidDataException"/>.
    /// </summary>
    public static MnistImages Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[HeaderLength];
        ReadExactly(gzip, header, "header");
        if (!header[..4].SequenceEqual(Magic))
            throw new InvalidDataException("it does not start with the MTMN magic bytes");
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (count is < 1 or > MaxCount || rows is < 1 or > MaxSide || cols is < 1 or > MaxSide)
            throw new InvalidDataException($"its header claims {count} images of {rows}x{cols} pixels");

        var labels = new byte[count];
        ReadExactly(gzip, labels, "labels");
        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw new InvalidDataException($"image {bad} has label {labels[bad]}, not a digit 0-9");
        var pixels = new byte[(long)count * rows * cols];
        ReadExactly(gzip, pixels, "pixels");
        if (gzip.ReadByte() >= 0) throw new InvalidDataException("it has bytes after the last image");
        return new MnistImages(labels, pixels, rows, cols);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string part)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length) throw new InvalidDataException($"it ends inside the {part} ({read} of {buffer.Length} bytes)");
    }
}
