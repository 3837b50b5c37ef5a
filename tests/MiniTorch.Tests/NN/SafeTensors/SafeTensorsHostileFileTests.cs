using System.Buffers.Binary;
using System.Text;
using MiniTorch.Serialization;
using static MiniTorch.Tests.Serialization.SafeTensorsSpecTests;

namespace MiniTorch.Tests.Serialization;

/// <summary>One malformed file per loader check: each raises the documented exception naming the check.</summary>
public class SafeTensorsHostileFileTests
{
    private static SafeTensorsFormatException Rejects(byte[] file, SafeTensorsCheck check)
    {
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(new MemoryStream(file)));
        Assert.Equal(check, e.Check);
        Assert.Contains($"[{check}]", e.Message);
        return e;
    }

    private static byte[] WithLength(ulong n, params byte[] rest)
    {
        var file = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, n);
        rest.CopyTo(file, 8);
        return file;
    }

    private static string Entry(string name, string dtype, string shape, string offsets) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":{offsets}}}";

    private static byte[] One(string dtype, string shape, string offsets, int dataBytes) =>
        HandBuilt("{" + Entry("t", dtype, shape, offsets) + "}", new byte[dataBytes]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void FilesShorterThanEightBytes_AreHeaderTooSmall(int length) => Rejects(new byte[length], SafeTensorsCheck.HeaderTooSmall);

    [Theory]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 63)]
    public void HugeHeaderLengths_AreRefused_WithoutAllocatingThem(ulong n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects(WithLength(n, "{}      "u8.ToArray()), SafeTensorsCheck.HeaderTooLarge);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void AHeaderLengthPastTheEnd_IsInvalidHeaderLength() => Rejects(WithLength(100_000_000, "{}"u8.ToArray()), SafeTensorsCheck.InvalidHeaderLength);

    [Fact]
    public void InvalidUtf8_IsRefused_NamingTheByte()
    {
        var e = Rejects(WithLength(8, (byte)'{', (byte)'}', 0x20, 0xC3, 0x28, 0x20, 0x20, 0x20), SafeTensorsCheck.InvalidUtf8);
        Assert.Equal(11, e.Offset);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"__metadata__\":{},}")]
    [InlineData("{} x")]
    [InlineData("{}{}")]
    [InlineData("{/*c*/}")]
    [InlineData("\uFEFF{}")]
    [InlineData("")]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")]
    public void MalformedJson_IsInvalidJson(string header) => Rejects(HandBuilt(header), SafeTensorsCheck.InvalidJson);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("8")]
    public void JsonThatIsNotAnObject_IsNotAnObject(string header) => Rejects(HandBuilt(header), SafeTensorsCheck.NotAnObject);

    [Fact]
    public void DuplicateTensorNames_AreRefused_NamingTheKey()
    {
        var header = "{" + Entry("t", "F32", "[1]", "[0,4]") + "," + Entry("t", "F32", "[1]", "[4,8]") + "}";
        var e = Rejects(HandBuilt(header, new byte[8]), SafeTensorsCheck.DuplicateKey);
        Assert.Equal("t", e.TensorName);
        // The same name spelled with an escape is the same key.
        header = "{" + Entry("t", "F32", "[1]", "[0,4]") + "," + Entry("\\u0074", "F32", "[1]", "[4,8]") + "}";
        Rejects(HandBuilt(header, new byte[8]), SafeTensorsCheck.DuplicateKey);
    }

    [Fact]
    public void DuplicateMetadataKeys_AndDuplicateFields_AreRefused()
    {
        Rejects(HandBuilt("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}"), SafeTensorsCheck.DuplicateKey);
        Rejects(HandBuilt("{\"__metadata__\":{},\"__metadata__\":{}}"), SafeTensorsCheck.DuplicateKey);
        Rejects(HandBuilt("{\"t\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), SafeTensorsCheck.DuplicateKey);
    }

    [Theory]
    [InlineData("F128")]
    [InlineData("f32")]
    [InlineData("")]
    [InlineData("F32 ")]
    public void UnknownDtypes_AreRefused(string dtype) => Rejects(One(dtype, "[1]", "[0,4]", 4), SafeTensorsCheck.UnknownDType);

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[1.5]")]
    [InlineData("[1.0]")]
    [InlineData("[1e2]")]
    [InlineData("[\"2\"]")]
    [InlineData("[null]")]
    [InlineData("[[1]]")]
    [InlineData("2")]
    [InlineData("[18446744073709551616]")]
    public void ShapesThatAreNotNonNegativeIntegers_AreInvalidShape(string shape) => Rejects(One("F32", shape, "[0,4]", 4), SafeTensorsCheck.InvalidShape);

    [Fact]
    public void MoreThanSixtyFourDimensions_AreInvalidShape() =>
        Rejects(One("F32", "[" + string.Join(",", Enumerable.Repeat(1, 65)) + "]", "[0,4]", 4), SafeTensorsCheck.InvalidShape);

    [Theory]
    [InlineData("[0]")]
    [InlineData("[0,4,4]")]
    [InlineData("[-1,3]")]
    [InlineData("[0,4.0]")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void OffsetsThatAreNotTwoNonNegativeIntegers_AreInvalidDataOffsets(string offsets) => Rejects(One("F32", "[1]", offsets, 4), SafeTensorsCheck.InvalidDataOffsets);

    [Fact]
    public void EntriesMissingOrAddingFields_OrNotObjects_AreInvalidEntry()
    {
        Rejects(HandBuilt("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), SafeTensorsCheck.InvalidEntry);
        Rejects(HandBuilt("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", new byte[4]), SafeTensorsCheck.InvalidEntry);
        Rejects(HandBuilt("{\"t\":[1]}"), SafeTensorsCheck.InvalidEntry);
        Rejects(HandBuilt("{\"t\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), SafeTensorsCheck.InvalidEntry);
    }

    [Fact]
    public void Gaps_Overlaps_AFirstTensorNotAtZero_AndReversedOffsets_AreInvalidOffset()
    {
        var e = Rejects(One("F32", "[1]", "[4,8]", 8), SafeTensorsCheck.InvalidOffset);
        Assert.Equal("t", e.TensorName);
        Assert.Contains("not 0", e.Message);
        Rejects(HandBuilt("{" + Entry("a", "F32", "[1]", "[0,4]") + "," + Entry("b", "F32", "[1]", "[8,12]") + "}", new byte[12]), SafeTensorsCheck.InvalidOffset);
        e = Rejects(HandBuilt("{" + Entry("a", "F32", "[2]", "[0,8]") + "," + Entry("b", "F32", "[1]", "[4,8]") + "}", new byte[8]), SafeTensorsCheck.InvalidOffset);
        Assert.Contains("inside the previous tensor", e.Message);
        // Tied tensors may not share one byte range.
        Rejects(HandBuilt("{" + Entry("a", "F32", "[1]", "[0,4]") + "," + Entry("b", "F32", "[1]", "[0,4]") + "}", new byte[4]), SafeTensorsCheck.InvalidOffset);
        Rejects(One("F32", "[0]", "[4,0]", 4), SafeTensorsCheck.InvalidOffset);
    }

    [Fact]
    public void ShapesWhoseByteSizeOverflows_AreValidationOverflow()
    {
        Rejects(One("F32", "[4294967296,4294967296,4294967296]", "[0,4]", 4), SafeTensorsCheck.ValidationOverflow);
        Rejects(One("F64", "[2305843009213693952]", "[0,4]", 4), SafeTensorsCheck.ValidationOverflow); // 2^61 × 64 bits
    }

    [Fact]
    public void ByteRangesOfTheWrongSize_AreTensorInvalidInfo()
    {
        var e = Rejects(One("F32", "[2]", "[0,4]", 4), SafeTensorsCheck.TensorInvalidInfo);
        Assert.Contains("need 8 bytes", e.Message);
        Rejects(One("F64", "[1]", "[0,4]", 4), SafeTensorsCheck.TensorInvalidInfo);
        Rejects(One("F4", "[3]", "[0,1]", 1), SafeTensorsCheck.TensorInvalidInfo); // 12 bits is not whole bytes
    }

    [Fact]
    public void TrailingBytes_AndTruncatedData_AreIncompleteBuffer()
    {
        var good = One("F32", "[2]", "[0,8]", 8);
        SafeTensors.Load(new MemoryStream(good));
        Rejects([.. good, 0], SafeTensorsCheck.IncompleteBuffer);
        Rejects(good[..^1], SafeTensorsCheck.IncompleteBuffer);
        Rejects(good[..^8], SafeTensorsCheck.IncompleteBuffer);
        Rejects([.. HandBuilt("{}"), 1, 2, 3], SafeTensorsCheck.IncompleteBuffer);
    }

    [Theory]
    [InlineData("{\"__metadata__\":{\"epoch\":3}}")]
    [InlineData("{\"__metadata__\":{\"a\":null}}")]
    [InlineData("{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}")]
    [InlineData("{\"__metadata__\":{\"a\":[\"b\"]}}")]
    [InlineData("{\"__metadata__\":\"pt\"}")]
    [InlineData("{\"__metadata__\":[]}")]
    public void MetadataThatIsNotAStringMap_IsInvalidMetadata(string header) => Rejects(HandBuilt(header), SafeTensorsCheck.InvalidMetadata);

    [Theory]
    [InlineData("U64", 8)]
    [InlineData("F8_E4M3", 1)]
    [InlineData("F8_E5M2", 1)]
    [InlineData("C64", 8)]
    public void ValidButUnsupportedDtypes_AreUnsupportedDType(string dtype, int size) =>
        Rejects(One(dtype, "[2]", $"[0,{2 * size}]", 2 * size), SafeTensorsCheck.UnsupportedDType);

    [Fact]
    public void ValidTensorsTooLargeForMiniTorch_AreTensorTooLarge_BeforeAnythingIsAllocated()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects(One("F32", "[0,3000000000]", "[0,0]", 0), SafeTensorsCheck.TensorTooLarge);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void AFileThatShrinksWhileBeingRead_IsTruncated_NotEndOfStream()
    {
        var file = One("F32", "[4]", "[0,16]", 16);
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(new ShrinkingStream(file, cutAt: file.Length - 5)));
        Assert.Equal(SafeTensorsCheck.Truncated, e.Check);
        Assert.Equal("t", e.TensorName);
    }

    [Fact]
    public void NonSeekableStreams_AreACallerError()
    {
        var stream = new ShrinkingStream(HandBuilt("{}"), cutAt: int.MaxValue, seekable: false);
        Assert.Throws<ArgumentException>(() => SafeTensors.Load(stream));
    }

    [Fact]
    public void TheMessage_SaysWhatAndWhere()
    {
        var header = "{" + Entry("layer.weight", "F32", "[3]", "[0,8]") + "}";
        var e = Rejects(HandBuilt(header, new byte[8]), SafeTensorsCheck.TensorInvalidInfo);
        Assert.Equal("layer.weight", e.TensorName);
        Assert.Equal(9, e.Offset); // the entry's key starts right after the "{" at file byte 8
        Assert.StartsWith("invalid safetensors file: dtype F32 and shape [3] need 12 bytes but data_offsets [0, 8] hold 8 (tensor \"layer.weight\", file offset 9)", e.Message);
    }

    /// <summary>Reports a fixed length but ends early, like a file truncated after its header was checked.</summary>
    private sealed class ShrinkingStream(byte[] bytes, int cutAt, bool seekable = true) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => _inner.Position; set => _inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int allowed = (int)Math.Max(0, Math.Min(buffer.Length, cutAt - _inner.Position));
            return _inner.Read(buffer[..allowed]);
        }
        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
