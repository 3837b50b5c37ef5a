using System.Buffers;
using System.Globalization;
using System.Text;

namespace MiniTorch.Serialization;

/// <summary>
/// Emits the header JSON byte for byte as the reference writer (serde_json, compact) does, so a
/// file saved here is identical to one saved by <c>safetensors.torch.save_file</c> with the same
/// tensors: no spaces, non-ASCII written as raw UTF-8, only <c>"</c>, <c>\</c> and control
/// characters escaped. Utf8JsonWriter escapes more (HTML characters, non-ASCII), hence this.
/// </summary>
internal static class SafeTensorsHeaderWriter
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    /// <summary>One tensor's header entry: name already in UTF-8, offsets in the data section.</summary>
    public readonly record struct Entry(byte[] Name, SafeTensorsDType DType, int[] Shape, long Begin, long End);

    /// <summary>The header bytes, padded with spaces so that 8 + N is a multiple of 8.</summary>
    public static byte[] Build(IReadOnlyList<Entry> entries, IReadOnlyList<(byte[] Key, byte[] Value)>? metadata)
    {
        var o = new ArrayBufferWriter<byte>(256 + entries.Count * 96);
        Put(o, "{"u8);
        bool first = true;
        if (metadata != null)
        {
            String(o, "__metadata__"u8);
            Put(o, ":{"u8);
            for (int i = 0; i < metadata.Count; i++)
            {
                if (i > 0) Put(o, ","u8);
                String(o, metadata[i].Key);
                Put(o, ":"u8);
                String(o, metadata[i].Value);
            }
            Put(o, "}"u8);
            first = false;
        }
        foreach (var e in entries)
        {
            if (!first) Put(o, ","u8);
            first = false;
            String(o, e.Name);
            Put(o, ":{\"dtype\":"u8);
            String(o, Encoding.ASCII.GetBytes(e.DType.ToString()));
            Put(o, ",\"shape\":["u8);
            for (int d = 0; d < e.Shape.Length; d++)
            {
                if (d > 0) Put(o, ","u8);
                Number(o, e.Shape[d]);
            }
            Put(o, "],\"data_offsets\":["u8);
            Number(o, e.Begin);
            Put(o, ","u8);
            Number(o, e.End);
            Put(o, "]}"u8);
        }
        Put(o, "}"u8);
        int padding = (8 - o.WrittenCount % 8) % 8;
        o.GetSpan(padding)[..padding].Fill((byte)' ');
        o.Advance(padding);
        return o.WrittenSpan.ToArray();
    }

    private static void Put(ArrayBufferWriter<byte> o, ReadOnlySpan<byte> bytes) => o.Write(bytes);

    private static void Number(ArrayBufferWriter<byte> o, long value) =>
        Put(o, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A JSON string with serde_json's escapes: \" \\ \b \f \n \r \t, other controls as \u00xx.</summary>
    private static void String(ArrayBufferWriter<byte> o, ReadOnlySpan<byte> utf8)
    {
        Put(o, "\""u8);
        foreach (byte b in utf8)
        {
            switch (b)
            {
                case (byte)'"': Put(o, "\\\""u8); break;
                case (byte)'\\': Put(o, "\\\\"u8); break;
                case (byte)'\b': Put(o, "\\b"u8); break;
                case (byte)'\f': Put(o, "\\f"u8); break;
                case (byte)'\n': Put(o, "\\n"u8); break;
                case (byte)'\r': Put(o, "\\r"u8); break;
                case (byte)'\t': Put(o, "\\t"u8); break;
                case < 0x20:
                    Put(o, "\\u00"u8);
                    Put(o, [Hex[b >> 4], Hex[b & 0xF]]);
                    break;
                default:
                    Put(o, [b]);
                    break;
            }
        }
        Put(o, "\""u8);
    }
}
