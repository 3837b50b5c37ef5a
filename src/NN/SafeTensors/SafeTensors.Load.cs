using System.Buffers;
using System.Buffers.Binary;

namespace MiniTorch.Serialization;

// Loading: the header is validated in full before any tensor storage is allocated.
public static partial class SafeTensors
{
    /// <summary>Loads every tensor of the file at <paramref name="path"/>, streaming each one into its storage.</summary>
    public static SafeTensorsFile Load(string path)
    {
        using var stream = OpenRead(path);
        return Load(stream);
    }

    /// <summary>
    /// Loads a safetensors file that starts at the current position of a readable, seekable
    /// <paramref name="stream"/> and runs to its end. The whole header is validated and every
    /// tensor's dtype and size checked before any tensor storage is allocated.
    /// </summary>
    public static SafeTensorsFile Load(Stream stream)
    {
        long start = StartOf(stream);
        var header = ReadHeader(stream);
        var plans = header.Entries.Select(e => SafeTensorsDataReader.PlanFor(e, header.DataStart + e.Begin)).ToList();
        stream.Position = start + header.DataStart;
        var tensors = new OrderedDictionary<string, Tensor>(plans.Count, StringComparer.Ordinal);
        foreach (var plan in plans) // data order: the stream is read front to back once
            tensors.Add(plan.Entry.Name, SafeTensorsDataReader.Read(stream, plan, header.DataStart + plan.Entry.Begin));
        return new SafeTensorsFile(header, tensors);
    }

    /// <summary>Reads and validates only the header of the file at <paramref name="path"/>.</summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream);
    }

    /// <summary>
    /// Reads and validates the header of the file that starts at the stream's current position;
    /// afterwards the stream is positioned at the start of the data section.
    /// </summary>
    public static SafeTensorsHeader ReadHeader(Stream stream)
    {
        long start = StartOf(stream);
        long fileLength = stream.Length - start;
        if (fileLength < 8)
            throw new SafeTensorsFormatException(SafeTensorsCheck.HeaderTooSmall, $"the file is {fileLength} bytes long, shorter than the 8-byte header length", 0);
        Span<byte> prefix = stackalloc byte[8];
        ReadOrTruncated(stream, prefix, 0);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > SafeTensorsHeaderParser.MaxHeaderSize)
            throw new SafeTensorsFormatException(SafeTensorsCheck.HeaderTooLarge, $"the header length {n} is above the limit of {SafeTensorsHeaderParser.MaxHeaderSize} bytes", 0);
        if ((long)n > fileLength - 8)
            throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidHeaderLength, $"the header length {n} reaches past the end of the file ({fileLength} bytes)", 0);

        int headerLength = (int)n;
        var buffer = ArrayPool<byte>.Shared.Rent(headerLength);
        try
        {
            var json = buffer.AsSpan(0, headerLength);
            ReadOrTruncated(stream, json, 8);
            return SafeTensorsHeaderParser.Parse(json, fileLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ReadOrTruncated(Stream stream, Span<byte> into, long position)
    {
        try { stream.ReadExactly(into); }
        catch (EndOfStreamException e)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.Truncated, "the file ended inside its header (it changed while being read)", position, inner: e);
        }
    }

    private static long StartOf(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
            throw new ArgumentException("loading needs a readable, seekable stream (its length bounds every size in the header)", nameof(stream));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported");
        return stream.Position;
    }

    /// <summary>Unbuffered: tensor bytes go from the file straight into tensor storage.</summary>
    internal static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
}
