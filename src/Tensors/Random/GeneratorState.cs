using System.Buffers.Binary;

namespace MiniTorch;

/// <summary>
/// Everything a <see cref="Generator"/> needs to continue its stream exactly: the seed (the
/// Philox key) and the offset (the next counter block to use). Like PyTorch's CUDA generator
/// state, two numbers; saving and restoring them restores the stream bit for bit.
/// </summary>
public readonly record struct GeneratorState(ulong Seed, ulong Offset)
{
    /// <summary>Bytes 0-3 of the serialized form, so a foreign state is rejected clearly.</summary>
    private static ReadOnlySpan<byte> Tag => "PHX1"u8;

    /// <summary>Length of <see cref="ToBytes"/>: a 4-byte tag, the seed and the offset (little-endian).</summary>
    public const int ByteLength = 20;

    /// <summary>The state as 20 bytes: <c>"PHX1"</c>, seed (u64 LE), offset (u64 LE).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        Tag.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4), Seed);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), Offset);
        return bytes;
    }

    /// <summary>Parses <see cref="ToBytes"/>; throws when the length or tag is wrong.</summary>
    public static GeneratorState FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength || !bytes[..4].SequenceEqual(Tag))
            throw new ArgumentException(
                $"not a MiniTorch generator state: expected {ByteLength} bytes starting with \"PHX1\", got {bytes.Length} bytes");
        return new GeneratorState(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]));
    }
}
