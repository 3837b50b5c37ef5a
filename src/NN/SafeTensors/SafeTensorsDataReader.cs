using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MiniTorch.Tensors;

namespace MiniTorch.Serialization;

/// <summary>
/// Reads tensor bytes from a stream straight into tensor storage. Native dtypes (F32, F64, I64,
/// BOOL) are read into the storage's own bytes, so loading never holds a second copy of the
/// data; converted dtypes (F16, BF16, small integers) pass through one small pooled buffer.
/// </summary>
internal static class SafeTensorsDataReader
{
    // A Span<byte> is indexed by int, so very large tensors are read in pieces of at most this many bytes.
    private const int MaxChunkBytes = 1 << 30;
    private const int ScratchBytes = 1 << 16;

    /// <summary>What an entry loads as, checked before any tensor is allocated.</summary>
    public readonly record struct Plan(SafeTensorsEntry Entry, DType DType, int[] Shape);

    public static Plan PlanFor(SafeTensorsEntry entry, long filePosition)
    {
        var dtype = entry.DType.LoadsAs()
            ?? throw new SafeTensorsFormatException(SafeTensorsCheck.UnsupportedDType,
                $"dtype {entry.DType} is valid safetensors but MiniTorch cannot load it (supported: F32, F64, F16, BF16, I64, I32, I16, I8, U32, U16, U8, BOOL)", filePosition, entry.Name);
        var shape = new int[entry.Shape.Count];
        ulong numel = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            ulong size = entry.Shape[d];
            if (size > int.MaxValue)
                throw TooLarge(entry, filePosition, $"dimension {d} has size {size}, more than a MiniTorch tensor dimension can hold ({int.MaxValue})");
            shape[d] = (int)size;
            numel *= size; // cannot overflow: the header check bounded numel × element bits by 2^64
        }
        if (numel > (ulong)Array.MaxLength)
            throw TooLarge(entry, filePosition, $"{numel} elements is more than one MiniTorch tensor can hold ({Array.MaxLength})");
        return new Plan(entry, dtype, shape);
    }

    private static SafeTensorsFormatException TooLarge(SafeTensorsEntry entry, long position, string why) =>
        new(SafeTensorsCheck.TensorTooLarge, $"shape {SafeTensorsHeaderParser.FormatShape(entry.Shape)}: {why}", position, entry.Name);

    /// <summary>Reads one tensor whose bytes start at the stream's current position.</summary>
    public static Tensor Read(Stream stream, Plan plan, long filePosition)
    {
        var result = Torch.Empty(plan.DType, plan.Shape);
        var tensor = result.Data; // the bytes go straight into its storage, through its spans
        try
        {
            switch (plan.Entry.DType)
            {
                case SafeTensorsDType.F32: ReadNative(stream, tensor.Span<float>()); break;
                case SafeTensorsDType.F64: ReadNative(stream, tensor.Span<double>()); break;
                case SafeTensorsDType.I64: ReadNative(stream, tensor.Span<long>()); break;
                case SafeTensorsDType.BOOL: ReadBool(stream, tensor.Span<bool>()); break;
                case SafeTensorsDType.F16: ReadConverted(stream, tensor.Span<float>(), 2, Widen.Half); break;
                case SafeTensorsDType.BF16: ReadConverted(stream, tensor.Span<float>(), 2, Widen.BFloat16); break;
                case SafeTensorsDType.I32: ReadConverted(stream, tensor.Span<long>(), 4, Widen.Int32); break;
                case SafeTensorsDType.U32: ReadConverted(stream, tensor.Span<long>(), 4, Widen.UInt32); break;
                case SafeTensorsDType.I16: ReadConverted(stream, tensor.Span<long>(), 2, Widen.Int16); break;
                case SafeTensorsDType.U16: ReadConverted(stream, tensor.Span<long>(), 2, Widen.UInt16); break;
                case SafeTensorsDType.I8: ReadConverted(stream, tensor.Span<long>(), 1, Widen.Int8); break;
                case SafeTensorsDType.U8: ReadConverted(stream, tensor.Span<long>(), 1, Widen.UInt8); break;
                default: throw new InvalidOperationException($"no reader for {plan.Entry.DType}"); // PlanFor refused it already
            }
        }
        catch (EndOfStreamException e)
        {
            throw new SafeTensorsFormatException(SafeTensorsCheck.Truncated, "the file ended inside this tensor's data (it changed after its header was checked)", filePosition, plan.Entry.Name, e);
        }
        return result;
    }

    private static void ReadNative<T>(Stream stream, Span<T> destination) where T : unmanaged
    {
        int perChunk = MaxChunkBytes / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int i = 0; i < destination.Length; i += perChunk)
            stream.ReadExactly(MemoryMarshal.AsBytes(destination.Slice(i, Math.Min(perChunk, destination.Length - i))));
    }

    private static void ReadBool(Stream stream, Span<bool> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        stream.ReadExactly(bytes);
        // Any non-zero byte is true; storing it raw would make a bool that is neither true nor false.
        foreach (ref byte b in bytes) b = b == 0 ? (byte)0 : (byte)1;
    }

    private delegate void Convert<T>(ReadOnlySpan<byte> source, Span<T> destination);

    private static void ReadConverted<T>(Stream stream, Span<T> destination, int sourceSize, Convert<T> convert)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(ScratchBytes);
        try
        {
            int perChunk = ScratchBytes / sourceSize;
            for (int i = 0; i < destination.Length; i += perChunk)
            {
                int n = Math.Min(perChunk, destination.Length - i);
                var source = scratch.AsSpan(0, n * sourceSize);
                stream.ReadExactly(source);
                convert(source, destination.Slice(i, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Exact conversions from little-endian file elements to the dtype they load as.</summary>
    private static class Widen
    {
        public static void Half(ReadOnlySpan<byte> s, Span<float> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]));
        }

        // bfloat16 is the top half of a float32.
        public static void BFloat16(ReadOnlySpan<byte> s, Span<float> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]) << 16);
        }

        public static void Int32(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..]);
        }

        public static void UInt32(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]);
        }

        public static void Int16(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = BinaryPrimitives.ReadInt16LittleEndian(s[(2 * i)..]);
        }

        public static void UInt16(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]);
        }

        public static void Int8(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = (sbyte)s[i];
        }

        public static void UInt8(ReadOnlySpan<byte> s, Span<long> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = s[i];
        }
    }
}
