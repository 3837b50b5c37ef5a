using MiniTorch.Tensors;

namespace MiniTorch.Serialization;

/// <summary>
/// The element types a safetensors file can declare, spelled exactly as in the file. The
/// declaration order is the reference implementation's (increasing alignment); its writer lays
/// tensors out in the reverse of this order, so the order is part of the format. The member
/// names are the file's strings, hence the upper case.
/// </summary>
public enum SafeTensorsDType
{
    BOOL,
    F4,
    F6_E2M3,
    F6_E3M2,
    U8,
    I8,
    F8_E5M2,
    F8_E4M3,
    F8_E8M0,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    C64,
    F64,
    I64,
    U64,
}

/// <summary>Sizes of the file dtypes and how each one loads into a MiniTorch dtype.</summary>
public static class SafeTensorsDTypes
{
    private static readonly Dictionary<string, SafeTensorsDType> ByName =
        Enum.GetValues<SafeTensorsDType>().ToDictionary(d => d.ToString(), StringComparer.Ordinal);

    /// <summary>The dtype spelled <paramref name="name"/> in a header; false for anything the format does not define.</summary>
    public static bool TryParse(string name, out SafeTensorsDType dtype) => ByName.TryGetValue(name, out dtype);

    /// <summary>Bits per element (F4 is 4, the F6 types 6, C64 64).</summary>
    public static int BitSize(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F4 => 4,
        SafeTensorsDType.F6_E2M3 or SafeTensorsDType.F6_E3M2 => 6,
        SafeTensorsDType.BOOL or SafeTensorsDType.U8 or SafeTensorsDType.I8 or SafeTensorsDType.F8_E5M2
            or SafeTensorsDType.F8_E4M3 or SafeTensorsDType.F8_E8M0 => 8,
        SafeTensorsDType.I16 or SafeTensorsDType.U16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 16,
        SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.F32 => 32,
        SafeTensorsDType.C64 or SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>The file dtype a MiniTorch tensor is saved as (float32 → F32, int64 → I64, bool → BOOL ...).</summary>
    public static SafeTensorsDType FromTensorDType(DType dtype) => dtype switch
    {
        DType.Float32 => SafeTensorsDType.F32,
        DType.Float64 => SafeTensorsDType.F64,
        DType.Int64 => SafeTensorsDType.I64,
        DType.Bool => SafeTensorsDType.BOOL,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no safetensors dtype for this tensor dtype"),
    };

    /// <summary>
    /// The MiniTorch dtype a file dtype loads as, or null when MiniTorch cannot load it. F32, F64,
    /// I64 and BOOL load unchanged; F16 and BF16 widen exactly to float32; the smaller integer
    /// types (I8, U8, I16, U16, I32, U32) widen exactly to int64. U64 (values above
    /// <see cref="long.MaxValue"/>), the 8/6/4-bit floats and C64 are not supported.
    /// </summary>
    public static DType? LoadsAs(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F32 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => DType.Float32,
        SafeTensorsDType.F64 => DType.Float64,
        SafeTensorsDType.I64 or SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.I16
            or SafeTensorsDType.U16 or SafeTensorsDType.I8 or SafeTensorsDType.U8 => DType.Int64,
        SafeTensorsDType.BOOL => DType.Bool,
        _ => null,
    };
}
