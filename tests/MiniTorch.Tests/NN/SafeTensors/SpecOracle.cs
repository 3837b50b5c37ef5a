using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Serialization;

/// <summary>
/// A second, deliberately different reading of the safetensors rules (pytorch-semantics.md 8.2),
/// used as the fuzzing oracle: a strict UTF-8 decoder instead of a UTF-8 check, a JSON DOM
/// (<see cref="JsonDocument"/>) instead of a token reader, BigInteger arithmetic instead of
/// checked 64-bit products, and values decoded element by element from the file's bytes.
/// </summary>
internal static class SpecOracle
{
    public enum Verdict { Invalid, Unsupported, Valid }

    /// <summary>An expected tensor: its name, the dtype it loads as, its shape, and its values as raw bits.</summary>
    public sealed record Expected(string Name, DType DType, int[] Shape, long[] Bits);

    public sealed record Outcome(Verdict Verdict, string Reason, IReadOnlyList<Expected> Tensors);

    private static readonly string[] KnownDTypes =
        ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64"];

    private static int Bits(string dtype) => dtype switch
    {
        "F4" => 4,
        "F6_E2M3" or "F6_E3M2" => 6,
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 8,
        "I16" or "U16" or "F16" or "BF16" => 16,
        "I32" or "U32" or "F32" => 32,
        _ => 64,
    };

    private static readonly BigInteger U64Max = ulong.MaxValue;

    private sealed record Entry(string Name, string DType, BigInteger[] Shape, BigInteger Begin, BigInteger End);

    private static Outcome Invalid(string why) => new(Verdict.Invalid, why, []);

    public static Outcome Interpret(byte[] file)
    {
        if (file.Length < 8) return Invalid("shorter than 8 bytes");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (n > 100_000_000) return Invalid("header too large");
        if ((BigInteger)n + 8 > file.Length) return Invalid("header past end");
        int headerEnd = 8 + (int)n;

        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file, 8, (int)n); }
        catch (DecoderFallbackException) { return Invalid("not UTF-8"); }
        if (text.StartsWith('\uFEFF')) return Invalid("a byte order mark is not JSON whitespace");

        var entries = new List<Entry>();
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Invalid("root not an object");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name)) return Invalid("duplicate key");
                var value = property.Value;
                if (property.Name == "__metadata__")
                {
                    if (value.ValueKind == JsonValueKind.Null) continue;
                    if (value.ValueKind != JsonValueKind.Object) return Invalid("metadata not an object");
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var m in value.EnumerateObject())
                    {
                        if (!keys.Add(m.Name)) return Invalid("duplicate metadata key");
                        if (m.Value.ValueKind != JsonValueKind.String) return Invalid("metadata value not a string");
                        _ = m.Value.GetString();
                    }
                    continue;
                }
                if (value.ValueKind != JsonValueKind.Object) return Invalid("entry not an object");
                var fields = value.EnumerateObject().ToList();
                if (fields.Count != 3 || fields.Select(f => f.Name).Distinct().Count() != 3
                    || !fields.All(f => f.Name is "dtype" or "shape" or "data_offsets"))
                    return Invalid("entry fields are not exactly dtype, shape, data_offsets");
                var dtype = value.GetProperty("dtype");
                if (dtype.ValueKind != JsonValueKind.String || !KnownDTypes.Contains(dtype.GetString())) return Invalid("unknown dtype");
                var shape = Integers(value.GetProperty("shape"));
                var offsets = Integers(value.GetProperty("data_offsets"));
                if (shape == null || shape.Length > 64) return Invalid("bad shape");
                if (offsets == null || offsets.Length != 2) return Invalid("bad offsets");
                entries.Add(new Entry(property.Name, dtype.GetString()!, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return Invalid("not JSON: " + e.GetType().Name);
        }

        // Offsets tile the data section: sorted by (begin, end), the first at 0, each begin at the previous end.
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        BigInteger at = 0;
        foreach (var e in sorted)
        {
            if (e.Begin != at || e.End < e.Begin) return Invalid("gap, overlap or reversed offsets");
            at = e.End;
            BigInteger elements = 1;
            foreach (var d in e.Shape)
            {
                elements *= d;
                if (elements > U64Max) return Invalid("element count overflow");
            }
            var bits = elements * Bits(e.DType);
            if (bits > U64Max) return Invalid("bit count overflow");
            if (bits % 8 != 0 || e.End - e.Begin != bits / 8) return Invalid("byte size mismatch");
        }
        if (8 + n + at != file.Length) return Invalid("data section not covered exactly");

        var result = new List<Expected>();
        foreach (var e in sorted)
        {
            var loadsAs = LoadsAs(e.DType);
            if (loadsAs == null) return new(Verdict.Unsupported, "unsupported dtype " + e.DType, []);
            if (e.Shape.Any(d => d > int.MaxValue) || e.Shape.Aggregate(BigInteger.One, (a, b) => a * b) > Array.MaxLength)
                return new(Verdict.Unsupported, "too large", []);
            var shape = e.Shape.Select(d => (int)d).ToArray();
            var bytes = file.AsSpan(headerEnd + (int)e.Begin, (int)(e.End - e.Begin));
            result.Add(new Expected(e.Name, loadsAs.Value, shape, Decode(e.DType, bytes)));
        }
        return new(Verdict.Valid, "", result);
    }

    private static BigInteger[]? Integers(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) return null;
        var values = new List<BigInteger>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number) return null;
            var raw = item.GetRawText();
            if (raw.Length == 0 || !raw.All(char.IsAsciiDigit)) return null;
            var value = BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
            if (value > U64Max) return null;
            values.Add(value);
        }
        return [.. values];
    }

    private static DType? LoadsAs(string dtype) => dtype switch
    {
        "F32" or "F16" or "BF16" => DType.Float32,
        "F64" => DType.Float64,
        "I64" or "I32" or "U32" or "I16" or "U16" or "I8" or "U8" => DType.Int64,
        "BOOL" => DType.Bool,
        _ => null,
    };

    /// <summary>Each element's expected value as raw bits of the loaded dtype (float bits for float32, 0/1 for bool).</summary>
    private static long[] Decode(string dtype, ReadOnlySpan<byte> b)
    {
        int size = Bits(dtype) / 8;
        var result = new long[b.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            var s = b.Slice(i * size, size);
            result[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadInt32LittleEndian(s),
                "F64" or "I64" => BinaryPrimitives.ReadInt64LittleEndian(s),
                "F16" => BitConverter.SingleToInt32Bits((float)BinaryPrimitives.ReadHalfLittleEndian(s)),
                "BF16" => BinaryPrimitives.ReadUInt16LittleEndian(s) << 16,
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(s),
                "U32" => BinaryPrimitives.ReadUInt32LittleEndian(s),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(s),
                "U16" => BinaryPrimitives.ReadUInt16LittleEndian(s),
                "I8" => (sbyte)s[0],
                "U8" => s[0],
                "BOOL" => s[0] == 0 ? 0 : 1,
                _ => throw new InvalidOperationException(dtype),
            };
        }
        return result;
    }

    /// <summary>A loaded tensor's values as raw bits in the same encoding as <see cref="Expected.Bits"/>.</summary>
    public static long[] BitsOf(TensorData t)
    {
        var c = t.Contiguous();
        return c.DType switch
        {
            DType.Float32 => c.Span<float>().ToArray().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
            DType.Float64 => c.Span<double>().ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray(),
            DType.Int64 => c.Span<long>().ToArray(),
            DType.Bool => System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Span<bool>()).ToArray().Select(v => (long)v).ToArray(), // raw bytes: a bool must be stored as exactly 0 or 1
            _ => throw new InvalidOperationException(),
        };
    }
}
