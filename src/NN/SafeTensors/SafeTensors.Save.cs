using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using MiniTorch.Tensors;

namespace MiniTorch.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
/// JSON describing each tensor (padded with spaces to a multiple of 8), then the raw little-endian
/// row-major tensor bytes. Loading checks every rule of the format before it allocates tensor
/// storage and raises <see cref="SafeTensorsFormatException"/> for any bad file; saving to a path
/// is atomic (temporary file, flush to disk, rename).
/// </summary>
public static partial class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Saves tensors to <paramref name="path"/> atomically: the previous file stays intact until
    /// the new one is complete and flushed. Non-contiguous tensors are written in row-major order;
    /// tensors sharing storage are each written as their own copy (the format forbids aliasing).
    /// Metadata entries are written sorted by key.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, tensors, metadata, interpose: null);

    /// <summary>Writes a safetensors file to <paramref name="stream"/> at its current position.</summary>
    public static void Save(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layout = Prepare(tensors, metadata);
        WriteLayout(stream, layout);
    }

    /// <summary>Saving with a stream wrapped around the file's, so tests can make writing fail part-way.</summary>
    internal static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? interpose)
    {
        ArgumentNullException.ThrowIfNull(path);
        var layout = Prepare(tensors, metadata); // argument errors surface before any file is touched
        AtomicFile.Write(path, stream => WriteLayout(stream, layout), interpose);
    }

    private sealed record Layout(byte[] Header, List<(SafeTensorsHeaderWriter.Entry Entry, Tensor Tensor)> Tensors);

    private static Layout Prepare(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        byte[] Utf8(string s, string what)
        {
            try { return strict.GetBytes(s); }
            catch (EncoderFallbackException e) { throw new ArgumentException($"{what} \"{s}\" is not valid Unicode (lone surrogate)", e); }
        }

        var items = new List<(byte[] Name, SafeTensorsDType DType, Tensor Tensor)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name, "tensor name");
            if (tensor is null) throw new ArgumentNullException(nameof(tensors), $"tensor \"{name}\" is null");
            if (name == MetadataKey) throw new ArgumentException($"\"{MetadataKey}\" is reserved for the metadata map and cannot name a tensor", nameof(tensors));
            if (!names.Add(name)) throw new ArgumentException($"tensor name \"{name}\" appears twice", nameof(tensors));
            items.Add((Utf8(name, "tensor name"), SafeTensorsDTypes.FromTensorDType(tensor.DType), tensor));
        }
        // The reference layout: dtype descending in the format's enum order, then name by UTF-8 bytes.
        items.Sort((a, b) => a.DType != b.DType ? b.DType.CompareTo(a.DType) : a.Name.AsSpan().SequenceCompareTo(b.Name));

        var entries = new List<(SafeTensorsHeaderWriter.Entry, Tensor)>(items.Count);
        long offset = 0;
        foreach (var (name, dtype, tensor) in items)
        {
            long bytes = (long)tensor.Numel * tensor.DType.ElementSize();
            entries.Add((new SafeTensorsHeaderWriter.Entry(name, dtype, tensor.Shape.ToArray(), offset, offset + bytes), tensor));
            offset += bytes;
        }

        List<(byte[], byte[])>? meta = null;
        if (metadata != null)
        {
            meta = [];
            foreach (var (key, value) in metadata)
            {
                ArgumentNullException.ThrowIfNull(key, "metadata key");
                if (value is null) throw new ArgumentNullException(nameof(metadata), $"metadata value for \"{key}\" is null");
                meta.Add((Utf8(key, "metadata key"), Utf8(value, $"metadata value for {key}")));
            }
            meta.Sort((a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
        }
        var header = SafeTensorsHeaderWriter.Build(entries.Select(e => e.Item1).ToList(), meta);
        if (header.Length > SafeTensorsHeaderParser.MaxHeaderSize)
            throw new ArgumentException($"the header would be {header.Length} bytes, above the format's limit of {SafeTensorsHeaderParser.MaxHeaderSize}", nameof(tensors));
        return new Layout(header, entries);
    }

    private static void WriteLayout(Stream stream, Layout layout)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)layout.Header.Length);
        stream.Write(length);
        stream.Write(layout.Header);
        foreach (var (_, tensor) in layout.Tensors) WriteData(stream, tensor);
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        var contiguous = tensor.Data.Contiguous(); // row-major copy only for strided views
        switch (contiguous.DType)
        {
            case DType.Float32: WriteChunked(stream, contiguous.Span<float>()); break;
            case DType.Float64: WriteChunked(stream, contiguous.Span<double>()); break;
            case DType.Int64: WriteChunked(stream, contiguous.Span<long>()); break;
            case DType.Bool: WriteChunked(stream, contiguous.Span<bool>()); break;
            default: throw new ArgumentException($"cannot save dtype {contiguous.DType.Name()}");
        }
    }

    private static void WriteChunked<T>(Stream stream, Span<T> data) where T : unmanaged
    {
        int perChunk = (1 << 30) / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int i = 0; i < data.Length; i += perChunk)
            stream.Write(MemoryMarshal.AsBytes(data.Slice(i, Math.Min(perChunk, data.Length - i))));
    }
}
