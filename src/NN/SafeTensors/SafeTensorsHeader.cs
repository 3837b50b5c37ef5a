namespace MiniTorch.Serialization;

/// <summary>
/// One tensor as a validated header declares it. <see cref="Begin"/> and <see cref="End"/> are
/// byte offsets relative to the start of the data section (<see cref="SafeTensorsHeader.DataStart"/>).
/// </summary>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, IReadOnlyList<ulong> Shape, long Begin, long End)
{
    /// <summary>Bytes the tensor occupies in the file.</summary>
    public long ByteLength => End - Begin;
}

/// <summary>
/// A parsed and fully validated header: every check of the format has passed, so the entries
/// tile the data section exactly (no gaps, no overlaps, no trailing bytes).
/// </summary>
public sealed class SafeTensorsHeader
{
    internal SafeTensorsHeader(long headerLength, IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        HeaderLength = headerLength;
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>N, the JSON header's length in bytes (padding included).</summary>
    public long HeaderLength { get; }

    /// <summary>Byte position in the file where tensor data starts: 8 + N.</summary>
    public long DataStart => 8 + HeaderLength;

    /// <summary>The tensors in data order (by <see cref="SafeTensorsEntry.Begin"/>).</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> map, or null when the header has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }
}
