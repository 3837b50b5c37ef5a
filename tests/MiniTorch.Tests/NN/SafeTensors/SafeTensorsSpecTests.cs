using System.Buffers.Binary;
using System.Text;
using MiniTorch.Serialization;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Serialization;

/// <summary>
/// Files built byte by byte from the format description (pytorch-semantics.md 8.2), without
/// MiniTorch's writer, and MiniTorch's writer output checked field by field against it.
/// </summary>
public class SafeTensorsSpecTests
{
    /// <summary>8-byte little-endian N, then the header padded with spaces to a multiple of 8, then the data.</summary>
    internal static byte[] HandBuilt(string header, params byte[][] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var file = new List<byte>();
        var n = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong)padded);
        file.AddRange(n);
        file.AddRange(json);
        file.AddRange(Enumerable.Repeat((byte)' ', padded - json.Length));
        foreach (var d in data) file.AddRange(d);
        return [.. file];
    }

    private static SafeTensorsFile Load(byte[] file) => SafeTensors.Load(new MemoryStream(file));

    [Fact]
    public void AHandBuiltFile_WithEntriesOutOfOrderAndWhitespace_LoadsEveryDtypeAndShape()
    {
        const string header = """
            {
              "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [8, 24]},
              "__metadata__": {"format": "pt"},
              "m": {"data_offsets": [32, 35], "dtype": "BOOL", "shape": [3]},
              "n": {"dtype": "I64", "shape": [], "data_offsets": [0, 8]},
              "e": {"dtype": "F32", "shape": [0, 3], "data_offsets": [35, 35]},
              "d": {"dtype": "F64", "shape": [1], "data_offsets": [24, 32]}
            }
            """;
        var file = HandBuilt(header,
            [0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],                     // n: int64 -5
            [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x40, 0x40], // w: 1, -2.5, 0.5, 3
            [0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F],                     // d: 0.1
            [0x01, 0x00, 0x01]);                                                   // m: true, false, true

        var loaded = Load(file);
        Assert.Equal(["n", "w", "d", "m", "e"], loaded.Tensors.Keys);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, loaded.Metadata);

        var n = loaded.Tensors["n"];
        Assert.Equal(DType.Int64, n.DType);
        Assert.Equal(0, n.Rank);
        Assert.Equal(-5.0, n.Item());
        var w = loaded.Tensors["w"];
        Assert.Equal(DType.Float32, w.DType);
        Assert.Equal([2, 2], w.Shape.ToArray());
        Assert.Equal([1.0f, -2.5f, 0.5f, 3.0f], w.Data.ToArray<float>());
        Assert.Equal([0.1], loaded.Tensors["d"].Data.ToArray<double>());
        Assert.Equal([true, false, true], loaded.Tensors["m"].Data.ToArray<bool>());
        var e = loaded.Tensors["e"];
        Assert.Equal([0, 3], e.Shape.ToArray());
        Assert.Equal(DType.Float32, e.DType);
    }

    [Fact]
    public void HalfBFloatAndSmallIntegerDtypes_LoadConvertedExactly()
    {
        const string header =
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[14,20]}," +
            "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[20,28]}," +
            "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[28,32]}," +
            "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[32,34]}," +
            "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[34,36]}," +
            "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[36,38]}," +
            "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[38,39]}}";
        var file = HandBuilt(header,
            // F16: 1.0 (3C00), -2.0 (C000), 65504 (7BFF, the largest half), 2^-24 (0001, the smallest subnormal), +inf (7C00), -0 (8000), 1/3 rounded (3555)
            [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00, 0x00, 0x7C, 0x00, 0x80, 0x55, 0x35],
            // BF16: 1.0 (3F80), -3.0 (C040), +inf (7F80) — the top half of a float32
            [0x80, 0x3F, 0x40, 0xC0, 0x80, 0x7F],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], // I32: -1, 2147483647
            [0xFF, 0xFF, 0xFF, 0xFF],                         // U32: 4294967295
            [0x00, 0x80],                                     // I16: -32768
            [0xFF, 0xFF],                                     // U16: 65535
            [0x80, 0x7F],                                     // I8: -128, 127
            [0xFF]);                                          // U8: 255

        var t = Load(file).Tensors;
        Assert.Equal(DType.Float32, t["h"].DType);
        // 0x3555 = 0 01101 0101010101: (1 + 341/1024) * 2^-2
        Assert.Equal([1f, -2f, 65504f, MathF.Pow(2, -24), float.PositiveInfinity, -0f, (1 + 341f / 1024) / 4], t["h"].Data.ToArray<float>());
        Assert.True(float.IsNegative(t["h"].Data.ToArray<float>()[5]));
        Assert.Equal([1f, -3f, float.PositiveInfinity], t["b"].Data.ToArray<float>());
        Assert.Equal([-1L, 2147483647L], t["i32"].Data.ToArray<long>());
        Assert.Equal([4294967295L], t["u32"].Data.ToArray<long>());
        Assert.Equal([-32768L], t["i16"].Data.ToArray<long>());
        Assert.Equal([65535L], t["u16"].Data.ToArray<long>());
        Assert.Equal([-128L, 127L], t["i8"].Data.ToArray<long>());
        Assert.Equal([255L], t["u8"].Data.ToArray<long>());
        Assert.All(new[] { "i32", "u32", "i16", "u16", "i8", "u8" }, k => Assert.Equal(DType.Int64, t[k].DType));
    }

    [Fact]
    public void BoolBytesOtherThanOne_LoadAsTrue_StoredAsOne()
    {
        var file = HandBuilt("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[0,4]}}", [0x00, 0x01, 0x02, 0xFF]);
        var m = Load(file).Tensors["m"];
        Assert.Equal([false, true, true, true], m.Data.ToArray<bool>());
        Assert.Equal([0, 1, 1, 1], System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Data.Span<bool>()).ToArray());
    }

    [Fact]
    public void NullMetadata_MeansNoMetadata_AsInTheReference()
    {
        var loaded = Load(HandBuilt("{\"__metadata__\":null}"));
        Assert.Null(loaded.Metadata);
        Assert.Empty(loaded.Tensors);
    }

    // ------------------------------------------------------------------ the writer, field by field

    private static byte[] Write(IEnumerable<KeyValuePair<string, TensorData>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var stream = new MemoryStream();
        SafeTensors.Save(stream, tensors.Select(kv => KeyValuePair.Create(kv.Key, new Tensor(kv.Value))), metadata);
        return stream.ToArray();
    }

    private static (ulong N, string Json, int Padding, byte[] Data) Fields(byte[] file)
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = Encoding.UTF8.GetString(file, 8, (int)n);
        var json = header.TrimEnd(' ');
        return (n, json, header.Length - json.Length, file[(8 + (int)n)..]);
    }

    private static byte[] Le(params float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    [Fact]
    public void TheEmptyDictionary_IsExactlySixteenBytes()
    {
        Assert.Equal([0x08, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20], Write([]));
    }

    [Fact]
    public void WrittenFile_HasLengthPrefix_MetadataFirst_ReferenceOrder_ContiguousOffsets_AndSpacePadding()
    {
        var file = Write(
            [
                KeyValuePair.Create("b", TensorData.FromArray([2f, 3f], 2)),
                KeyValuePair.Create("z", TensorData.FromArray([true, false, true], 3)),
                KeyValuePair.Create("a", TensorData.FromArray([1f], 1)),
                KeyValuePair.Create("m", TensorData.Scalar(0.25, DType.Float64)),
                KeyValuePair.Create("c", TensorData.FromArray([-1L, 258L], 2)),
            ],
            new Dictionary<string, string> { ["format"] = "pt", ["a"] = "x" });

        var (n, json, padding, data) = Fields(file);
        Assert.Equal(0UL, (8 + n) % 8);
        Assert.Equal((8 - json.Length % 8) % 8, padding);
        Assert.Equal(
            "{\"__metadata__\":{\"a\":\"x\",\"format\":\"pt\"}," +
            "\"c\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}," +
            "\"m\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]}," +
            "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[28,36]}," +
            "\"z\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[36,39]}}", json);
        byte[] expectedData =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0, 0, 0, 0, 0, 0, // c: -1, 258
            0, 0, 0, 0, 0, 0, 0xD0, 0x3F,                                                 // m: 0.25
            .. Le(1f), .. Le(2f, 3f),                                                     // a, b
            1, 0, 1,                                                                      // z
        ];
        Assert.Equal(expectedData, data);
    }

    [Fact]
    public void WrittenHeaders_MatchTheReferenceWritersBytes()
    {
        var six = TensorData.FromArray([0f, 1, 2, 3, 4, 5], 1, 2, 3);
        var (n, json, padding, data) = Fields(Write([KeyValuePair.Create("attn.0", six)]));
        Assert.Equal(64UL, n);
        Assert.Equal(0, padding);
        Assert.Equal("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", json);
        Assert.Equal(Le(0, 1, 2, 3, 4, 5), data);

        (n, json, padding, _) = Fields(Write([KeyValuePair.Create("attn0", six.View(1, 1, 2, 3))]));
        Assert.Equal(72UL, n);
        Assert.Equal(7, padding);
        Assert.Equal("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}", json);

        (n, json, padding, _) = Fields(Write([], new Dictionary<string, string> { ["framework"] = "pt" }));
        Assert.Equal(40UL, n);
        Assert.Equal(5, padding);
        Assert.Equal("{\"__metadata__\":{\"framework\":\"pt\"}}", json);
    }

    [Fact]
    public void NonContiguousTensors_AreWrittenInRowMajorOrder()
    {
        var transposed = TensorData.FromArray([1f, 2, 3, 4, 5, 6], 2, 3).Transpose(0, 1); // [[1,4],[2,5],[3,6]]
        var (_, json, _, data) = Fields(Write([KeyValuePair.Create("t", transposed)]));
        Assert.Contains("\"shape\":[3,2]", json);
        Assert.Equal(Le(1, 4, 2, 5, 3, 6), data);
    }

    [Fact]
    public void Names_AreEscapedAsTheReferenceDoes_AndOrderedByUtf8Bytes()
    {
        var one = TensorData.FromArray([1f], 1);
        var (_, json, _, _) = Fields(Write([KeyValuePair.Create("q\"\\\n\u0001é", one), KeyValuePair.Create("\uFF21", one), KeyValuePair.Create("\U0001F600", one)]));
        // UTF-8 order: '"'-led name (0x71 'q') < U+FF21 (EF BC A1) < U+1F600 (F0 9F 98 80); UTF-16 order would put U+1F600 (D83D) first.
        Assert.Equal(
            "{\"q\\\"\\\\\\n\\u0001é\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
            "\"\uFF21\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}," +
            "\"\U0001F600\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", json);
    }

    [Fact]
    public void WriterArgumentErrors_AreArgumentExceptions()
    {
        var one = TensorData.FromArray([1f], 1);
        Assert.Throws<ArgumentException>(() => Write([KeyValuePair.Create("__metadata__", one)]));
        Assert.Throws<ArgumentException>(() => Write([KeyValuePair.Create("a", one), KeyValuePair.Create("a", one)]));
        Assert.Throws<ArgumentException>(() => Write([KeyValuePair.Create("bad\uD800", one)]));
    }
}
