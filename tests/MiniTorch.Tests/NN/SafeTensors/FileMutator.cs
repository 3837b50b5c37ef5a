using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniTorch.Tests.Serialization;

/// <summary>
/// Damages a valid safetensors file in one of many ways: byte flips, insertions, deletions,
/// truncations, trailing bytes, a rewritten header length, and rewrites of header fields
/// (dtype, offsets, shape, duplicate keys, metadata, structure) — plus rewrites that keep the
/// file valid (reordering, whitespace) so that successful loads are exercised too. A mutation
/// is a kind and a seed, so any failure can be replayed.
/// </summary>
internal static class FileMutator
{
    public const int KindCount = 17;

    private static readonly string[] DTypeChoices =
        ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "F8_E4M3", "F4", "C64", "F128", "f32", ""];

    public static string Describe(int kind) => kind switch
    {
        0 => "flip a bit anywhere",
        1 => "flip a bit in the data section",
        2 => "overwrite a byte",
        3 => "insert bytes",
        4 => "delete bytes",
        5 => "truncate",
        6 => "append trailing bytes",
        7 => "rewrite the header length",
        8 => "rewrite a dtype",
        9 => "rewrite an offset",
        10 => "rewrite a shape",
        11 => "duplicate a key",
        12 => "rewrite the metadata",
        13 => "break the structure",
        14 => "reorder or re-space the header (still valid)",
        15 => "swap two tensors' offsets",
        _ => "overwrite a header byte with a JSON-significant character",
    };

    public static byte[] Apply(byte[] file, int kind, int seed)
    {
        var r = new Random(seed);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        int dataStart = 8 + n;
        switch (kind)
        {
            case 0: return FlipBit(file, r.Next(file.Length), r);
            case 1: return file.Length > dataStart ? FlipBit(file, r.Next(dataStart, file.Length), r) : FlipBit(file, r.Next(file.Length), r);
            case 2: { var f = (byte[])file.Clone(); f[r.Next(f.Length)] = (byte)r.Next(256); return f; }
            case 3: { int at = r.Next(file.Length + 1); var extra = new byte[r.Next(1, 9)]; r.NextBytes(extra); return [.. file[..at], .. extra, .. file[at..]]; }
            case 4: { int at = r.Next(file.Length); int count = Math.Min(r.Next(1, 9), file.Length - at); return [.. file[..at], .. file[(at + count)..]]; }
            case 5: return file[..r.Next(file.Length)];
            case 6: { var extra = new byte[r.Next(1, 17)]; r.NextBytes(extra); return [.. file, .. extra]; }
            case 7: return WithHeaderLength(file, HeaderLengthChoice(r, n, file.Length));
            case 16:
            {
                var f = (byte[])file.Clone();
                f[r.Next(8, dataStart)] = "{}[]\",:0-.e \\"u8[r.Next(13)];
                return f;
            }
            default: return RewriteHeader(file, n, kind, r);
        }
    }

    private static byte[] FlipBit(byte[] file, int at, Random r)
    {
        var f = (byte[])file.Clone();
        f[at] ^= (byte)(1 << r.Next(8));
        return f;
    }

    private static ulong HeaderLengthChoice(Random r, int n, int length) => r.Next(8) switch
    {
        0 => (ulong)n + 8,
        1 => (ulong)Math.Max(0, n - 8),
        2 => 0,
        3 => 100_000_001,
        4 => ulong.MaxValue,
        5 => (ulong)(length - 8),
        6 => (ulong)n + 1,
        _ => (ulong)r.NextInt64(),
    };

    private static byte[] WithHeaderLength(byte[] file, ulong n)
    {
        var f = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(f, n);
        return f;
    }

    /// <summary>Parses the header, changes it, and reassembles the file around the original data section.</summary>
    private static byte[] RewriteHeader(byte[] file, int n, int kind, Random r)
    {
        var root = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, n))!.AsObject();
        var data = file[(8 + n)..];
        var tensors = root.Where(p => p.Key != "__metadata__").Select(p => p.Key).ToList();
        string? pick = tensors.Count > 0 ? tensors[r.Next(tensors.Count)] : null;
        JsonObject? entry = pick != null ? root[pick]!.AsObject() : null;
        string json;
        switch (kind)
        {
            case 8 when entry != null:
                entry["dtype"] = DTypeChoices[r.Next(DTypeChoices.Length)];
                json = root.ToJsonString();
                break;
            case 9 when entry != null:
            {
                var offsets = entry["data_offsets"]!.AsArray();
                int which = r.Next(2);
                ulong v = offsets[which]!.GetValue<ulong>();
                offsets[which] = r.Next(9) switch
                {
                    0 => JsonValue.Create(v + 1),
                    1 => JsonValue.Create(v == 0 ? 0 : v - 1),
                    2 => JsonValue.Create(v + 8),
                    3 => JsonValue.Create(0UL),
                    4 => JsonValue.Create(ulong.MaxValue),
                    5 => JsonValue.Create(1UL << 63),
                    6 => JsonValue.Create(-1),
                    7 => JsonValue.Create(v + 0.5),
                    _ => JsonValue.Create((ulong)r.Next(data.Length + 16)),
                };
                json = root.ToJsonString();
                break;
            }
            case 10 when entry != null:
            {
                var shape = entry["shape"]!.AsArray();
                int choice = r.Next(shape.Count == 0 ? 3 : 10);
                if (choice == 0) shape.Add(1);
                else if (choice == 1) shape.Add(r.Next(2, 4));
                else if (choice == 2) entry["shape"] = new JsonArray(JsonValue.Create(shape.Aggregate(1UL, (a, d) => a * d!.GetValue<ulong>())));
                else
                {
                    int at = r.Next(shape.Count);
                    ulong v = shape[at]!.GetValue<ulong>();
                    shape[at] = choice switch
                    {
                        3 => JsonValue.Create(v + 1),
                        4 => JsonValue.Create(v == 0 ? 1 : v - 1),
                        5 => JsonValue.Create(0UL),
                        6 => JsonValue.Create(-1),
                        7 => JsonValue.Create(1UL << 32),
                        8 => JsonValue.Create("2"),
                        _ => JsonNode.Parse("18446744073709551616"),
                    };
                }
                json = root.ToJsonString();
                break;
            }
            case 11:
            {
                string body = root.ToJsonString();
                string dup = pick != null ? $"{JsonSerializer.Serialize(pick)}:{entry!.ToJsonString()}" : "\"__metadata__\":{}";
                string twice = root.Count == 0 ? $"{dup},{dup}" : dup;
                json = root.Count == 0 ? "{" + twice + "}" : body[..^1] + "," + twice + "}";
                break;
            }
            case 12:
                root.Remove("__metadata__");
                root["__metadata__"] = JsonNode.Parse(r.Next(9) switch
                {
                    0 => "3",
                    1 => "true",
                    2 => "null",
                    3 => "{\"a\":1}",
                    4 => "{\"a\":\"b\",\"format\":\"pt\"}",
                    5 => "[]",
                    6 => "\"pt\"",
                    7 => "{\"a\":null}",
                    _ => "{\"a\":{\"b\":\"c\"}}",
                });
                json = root.ToJsonString();
                break;
            case 13:
                json = r.Next(6) switch
                {
                    0 when entry != null => Remove(entry, root, r),
                    1 when entry != null => Add(entry, root, "extra", JsonValue.Create(1)),
                    2 when pick != null => Replace(root, pick, JsonNode.Parse(r.Next(2) == 0 ? "[1]" : "null")),
                    3 when entry != null => Add(entry, root, "shape", JsonNode.Parse("[[[[[[1]]]]]]")),
                    4 => r.Next(2) == 0 ? "[]" : "\"x\"",
                    _ => root.ToJsonString()[..^1], // unterminated object
                };
                break;
            case 14:
            {
                var reordered = new JsonObject();
                foreach (var key in root.Select(p => p.Key).Reverse().ToList())
                {
                    var value = root[key];
                    root.Remove(key);
                    reordered[key] = value;
                }
                json = (r.Next(2) == 0 ? " \n\t" : "") + reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = r.Next(2) == 0 });
                break;
            }
            case 15 when tensors.Count >= 2:
            {
                var a = root[tensors[0]]!.AsObject();
                var b = root[tensors[^1]]!.AsObject();
                var offsets = a["data_offsets"]!;
                a["data_offsets"] = b["data_offsets"]!.DeepClone();
                b["data_offsets"] = offsets.DeepClone();
                json = root.ToJsonString();
                break;
            }
            default:
                json = root.ToJsonString();
                break;
        }
        return Assemble(json, data, r);
    }

    private static string Remove(JsonObject entry, JsonObject root, Random r)
    {
        entry.Remove(new[] { "dtype", "shape", "data_offsets" }[r.Next(3)]);
        return root.ToJsonString();
    }

    private static string Add(JsonObject entry, JsonObject root, string key, JsonNode? value)
    {
        entry[key] = value;
        return root.ToJsonString();
    }

    private static string Replace(JsonObject root, string key, JsonNode? value)
    {
        root[key] = value;
        return root.ToJsonString();
    }

    /// <summary>Header bytes padded with valid JSON whitespace (usually spaces to a multiple of 8), the length prefix, the data.</summary>
    private static byte[] Assemble(string json, byte[] data, Random r)
    {
        var header = new List<byte>(Encoding.UTF8.GetBytes(json));
        int padding = r.Next(4) == 0 ? r.Next(0, 5) : (8 - header.Count % 8) % 8;
        for (int i = 0; i < padding; i++) header.Add(r.Next(6) == 0 ? (byte)"\t\n\r"[r.Next(3)] : (byte)' ');
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Count);
        return [.. prefix, .. header, .. data];
    }
}
