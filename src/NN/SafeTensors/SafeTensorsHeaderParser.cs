using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace MiniTorch.Serialization;

/// <summary>
/// Parses and validates a header with every check the reference loader makes, plus duplicate
/// keys. A forward-only <see cref="Utf8JsonReader"/> walks the JSON so nothing is built that the
/// format does not allow (no DOM, no reflection), duplicate keys are visible, and every failure
/// becomes a <see cref="SafeTensorsFormatException"/> naming the check and the byte position.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    /// <summary>The reference loader's MAX_HEADER_SIZE.</summary>
    public const long MaxHeaderSize = 100_000_000;

    /// <summary>More dimensions than this are refused (PyTorch's own limit is of this order).</summary>
    public const int MaxRank = 64;

    private const string MetadataKey = "__metadata__";
    private const int LengthPrefix = 8;

    private sealed record RawEntry(string Name, SafeTensorsDType DType, ulong[] Shape, ulong Begin, ulong End, long Position);

    /// <summary>Validates <paramref name="json"/> (the N header bytes) of a file <paramref name="fileLength"/> bytes long.</summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long fileLength)
    {
        CheckUtf8(json);
        var (entries, metadata) = ReadJson(json);
        return Validate(entries, metadata, json.Length, fileLength);
    }

    private static void CheckUtf8(ReadOnlySpan<byte> json)
    {
        if (Utf8.IsValid(json)) return;
        int at = 0;
        while (at < json.Length && System.Text.Rune.DecodeFromUtf8(json[at..], out _, out int used) == System.Buffers.OperationStatus.Done)
            at += used;
        throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidUtf8, "the header is not valid UTF-8", LengthPrefix + at);
    }

    private static (List<RawEntry>, Dictionary<string, string>?) ReadJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 4,
        });
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Fail(SafeTensorsCheck.NotAnObject, $"the header must be a JSON object, found {Describe(reader.TokenType)}", ref reader);

        var entries = new List<RawEntry>();
        Dictionary<string, string>? metadata = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            long keyPosition = Position(ref reader);
            string key = GetString(ref reader);
            if (!seen.Add(key))
                throw new SafeTensorsFormatException(SafeTensorsCheck.DuplicateKey, $"the key \"{key}\" appears more than once in the header", keyPosition, key);
            Next(ref reader);
            if (key == MetadataKey) metadata = ReadMetadata(ref reader);
            else entries.Add(ReadEntry(ref reader, key, keyPosition));
        }
        // Only JSON whitespace (the writer's space padding) may follow the object.
        try
        {
            if (reader.Read())
                throw Fail(SafeTensorsCheck.InvalidJson, "content after the header object", ref reader);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidJson, "content after the header object other than spaces", LengthPrefix + reader.BytesConsumed, inner: e);
        }
        return (entries, metadata);
    }

    private static Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        // The reference reads __metadata__ as an optional map, so null means "no metadata".
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Fail(SafeTensorsCheck.InvalidMetadata, $"__metadata__ must be an object of strings, found {Describe(reader.TokenType)}", ref reader, MetadataKey);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return metadata;
            long keyPosition = Position(ref reader);
            string key = GetString(ref reader);
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.String)
                throw Fail(SafeTensorsCheck.InvalidMetadata, $"__metadata__ value for \"{key}\" must be a string, found {Describe(reader.TokenType)}", ref reader, MetadataKey);
            if (!metadata.TryAdd(key, GetString(ref reader)))
                throw new SafeTensorsFormatException(SafeTensorsCheck.DuplicateKey, $"the __metadata__ key \"{key}\" appears more than once", keyPosition, MetadataKey);
        }
    }

    private static RawEntry ReadEntry(ref Utf8JsonReader reader, string name, long position)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Fail(SafeTensorsCheck.InvalidEntry, $"a tensor entry must be an object with dtype, shape and data_offsets, found {Describe(reader.TokenType)}", ref reader, name);
        string? dtypeName = null;
        ulong[]? shape = null, offsets = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            long fieldPosition = Position(ref reader);
            string field = GetString(ref reader);
            Next(ref reader);
            switch (field)
            {
                case "dtype" when dtypeName == null:
                    if (reader.TokenType != JsonTokenType.String)
                        throw Fail(SafeTensorsCheck.InvalidEntry, $"dtype must be a string, found {Describe(reader.TokenType)}", ref reader, name);
                    dtypeName = GetString(ref reader);
                    break;
                case "shape" when shape == null:
                    shape = ReadIntegers(ref reader, name, SafeTensorsCheck.InvalidShape, "shape", MaxRank);
                    break;
                case "data_offsets" when offsets == null:
                    offsets = ReadIntegers(ref reader, name, SafeTensorsCheck.InvalidDataOffsets, "data_offsets", 2);
                    if (offsets.Length != 2)
                        throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidDataOffsets, $"data_offsets must hold exactly two integers, found {offsets.Length}", fieldPosition, name);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw new SafeTensorsFormatException(SafeTensorsCheck.DuplicateKey, $"the field \"{field}\" appears more than once", fieldPosition, name);
                default:
                    throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidEntry, $"unknown field \"{field}\" (a tensor entry holds only dtype, shape and data_offsets)", fieldPosition, name);
            }
        }
        if (dtypeName == null || shape == null || offsets == null)
        {
            var missing = new[] { ("dtype", dtypeName == null), ("shape", shape == null), ("data_offsets", offsets == null) }.Where(m => m.Item2).Select(m => m.Item1);
            throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidEntry, $"the tensor entry lacks {string.Join(" and ", missing)}", position, name);
        }
        if (!SafeTensorsDTypes.TryParse(dtypeName, out var dtype))
            throw new SafeTensorsFormatException(SafeTensorsCheck.UnknownDType, $"unknown dtype \"{dtypeName}\"", position, name);
        return new RawEntry(name, dtype, shape, offsets[0], offsets[1], position);
    }

    /// <summary>An array of JSON integers in 0..2^64-1: digits only, no sign, fraction or exponent.</summary>
    private static ulong[] ReadIntegers(ref Utf8JsonReader reader, string name, SafeTensorsCheck check, string field, int maxCount)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw Fail(check, $"{field} must be an array of non-negative integers, found {Describe(reader.TokenType)}", ref reader, name);
        var values = new List<ulong>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return [.. values];
            if (reader.TokenType != JsonTokenType.Number)
                throw Fail(check, $"{field} entries must be non-negative integers, found {Describe(reader.TokenType)}", ref reader, name);
            var digits = reader.ValueSpan;
            if (digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
                throw Fail(check, $"{field} entry {System.Text.Encoding.UTF8.GetString(digits)} is not a non-negative integer", ref reader, name);
            if (!Utf8Parser.TryParse(digits, out ulong value, out int used) || used != digits.Length)
                throw Fail(check, $"{field} entry {System.Text.Encoding.UTF8.GetString(digits)} is larger than 2^64 - 1", ref reader, name);
            if (values.Count == maxCount)
                throw Fail(check, $"{field} has more than {maxCount} entries", ref reader, name);
            values.Add(value);
        }
    }

    private static SafeTensorsHeader Validate(List<RawEntry> raw, Dictionary<string, string>? metadata, long headerLength, long fileLength)
    {
        long dataLength = fileLength - LengthPrefix - headerLength; // >= 0: the caller checked 8 + N <= file length
        // Sorted by offsets, as the reference does: files may list entries in any order.
        var ordered = raw.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        var entries = new List<SafeTensorsEntry>(ordered.Count);
        ulong start = 0;
        foreach (var e in ordered)
        {
            if (e.Begin != start)
            {
                string why = e.Begin < start ? $"begins at byte {e.Begin}, inside the previous tensor (which ends at {start})"
                    : start == 0 && entries.Count == 0 ? $"is the first tensor but begins at byte {e.Begin}, not 0"
                    : $"begins at byte {e.Begin}, leaving a gap after the previous tensor (which ends at {start})";
                throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidOffset, $"data_offsets [{e.Begin}, {e.End}] {why}", e.Position, e.Name);
            }
            if (e.End < e.Begin)
                throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidOffset, $"data_offsets [{e.Begin}, {e.End}] end before they begin", e.Position, e.Name);
            start = e.End;

            // As the reference: the element count, then the bit count, each checked in 64 bits.
            ulong elements = 1;
            bool overflow = false;
            foreach (var d in e.Shape) overflow |= !TryMultiply(elements, d, out elements);
            overflow |= !TryMultiply(elements, (ulong)e.DType.BitSize(), out ulong bits);
            if (overflow)
                throw new SafeTensorsFormatException(SafeTensorsCheck.ValidationOverflow, $"shape {FormatShape(e.Shape)} of {e.DType} overflows 64-bit size arithmetic", e.Position, e.Name);
            if (bits % 8 != 0)
                throw new SafeTensorsFormatException(SafeTensorsCheck.TensorInvalidInfo, $"shape {FormatShape(e.Shape)} of {e.DType} does not fill a whole number of bytes", e.Position, e.Name);
            ulong nbytes = bits / 8;
            if (e.End - e.Begin != nbytes)
                throw new SafeTensorsFormatException(SafeTensorsCheck.TensorInvalidInfo,
                    $"dtype {e.DType} and shape {FormatShape(e.Shape)} need {nbytes} bytes but data_offsets [{e.Begin}, {e.End}] hold {e.End - e.Begin}", e.Position, e.Name);
            // The final coverage check would catch this too; checking here keeps every offset a valid long.
            if (e.End > (ulong)dataLength)
                throw new SafeTensorsFormatException(SafeTensorsCheck.IncompleteBuffer,
                    $"data_offsets [{e.Begin}, {e.End}] reach past the end of the file, whose data section holds {dataLength} bytes (truncated?)", e.Position, e.Name);
            entries.Add(new SafeTensorsEntry(e.Name, e.DType, e.Shape, (long)e.Begin, (long)e.End));
        }
        if ((long)start != dataLength)
            throw new SafeTensorsFormatException(SafeTensorsCheck.IncompleteBuffer,
                $"the tensors cover {start} bytes but the data section holds {dataLength} (trailing bytes after the last tensor)", LengthPrefix + headerLength + (long)start);
        return new SafeTensorsHeader(headerLength, entries, metadata);
    }

    private static bool TryMultiply(ulong a, ulong b, out ulong product)
    {
        product = unchecked(a * b);
        return a == 0 || product / a == b;
    }

    internal static string FormatShape(IReadOnlyList<ulong> shape) => "[" + string.Join(", ", shape) + "]";

    // ------------------------------------------------------------------ reader helpers

    private static void Next(ref Utf8JsonReader reader)
    {
        long at = reader.BytesConsumed;
        bool more;
        try { more = reader.Read(); }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidJson, "the header is not valid JSON: " + TrimJsonMessage(e.Message), LengthPrefix + at, inner: e);
        }
        if (!more) throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidJson, "the header JSON ends early", LengthPrefix + at);
    }

    private static string GetString(ref Utf8JsonReader reader)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException e)
        {
            // Escapes that decode to invalid UTF-16 (a lone surrogate) cannot form a name.
            throw new SafeTensorsFormatException(SafeTensorsCheck.InvalidJson, "a string in the header is not valid Unicode", Position(ref reader), inner: e);
        }
    }

    private static long Position(ref Utf8JsonReader reader) => LengthPrefix + reader.TokenStartIndex;

    private static SafeTensorsFormatException Fail(SafeTensorsCheck check, string message, ref Utf8JsonReader reader, string? name = null) =>
        new(check, message, Position(ref reader), name);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string TrimJsonMessage(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
