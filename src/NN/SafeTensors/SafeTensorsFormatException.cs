namespace MiniTorch.Serialization;

/// <summary>
/// Which rule of the safetensors format a file broke. The names follow the reference
/// implementation's errors where one exists (<c>HeaderTooSmall</c>, <c>InvalidOffset</c> ...).
/// </summary>
public enum SafeTensorsCheck
{
    /// <summary>The file is shorter than the 8-byte header length.</summary>
    HeaderTooSmall,
    /// <summary>The header length is above 100,000,000 bytes.</summary>
    HeaderTooLarge,
    /// <summary>The header length points past the end of the file.</summary>
    InvalidHeaderLength,
    /// <summary>The header bytes are not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>The header is not well-formed JSON (or has content after the JSON value other than spaces).</summary>
    InvalidJson,
    /// <summary>The header is JSON but not an object.</summary>
    NotAnObject,
    /// <summary>A tensor name or metadata key appears twice.</summary>
    DuplicateKey,
    /// <summary>A tensor entry is not an object with exactly <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>.</summary>
    InvalidEntry,
    /// <summary>A dtype string that the format does not define.</summary>
    UnknownDType,
    /// <summary>A shape that is not an array of non-negative integers.</summary>
    InvalidShape,
    /// <summary><c>data_offsets</c> that are not exactly two non-negative integers.</summary>
    InvalidDataOffsets,
    /// <summary>Offsets with a gap, an overlap, a first tensor not at 0, or end before begin.</summary>
    InvalidOffset,
    /// <summary>Element count times element size overflows 64 bits.</summary>
    ValidationOverflow,
    /// <summary>The byte range's length differs from what dtype and shape need.</summary>
    TensorInvalidInfo,
    /// <summary>The tensors do not cover the data section exactly: trailing bytes or truncation.</summary>
    IncompleteBuffer,
    /// <summary><c>__metadata__</c> is not a flat map of strings to strings.</summary>
    InvalidMetadata,
    /// <summary>A valid dtype that MiniTorch cannot load (for example U64, F8_E4M3, C64).</summary>
    UnsupportedDType,
    /// <summary>A valid tensor too large for one MiniTorch tensor (more than <see cref="Array.MaxLength"/> elements, or a dimension above <see cref="int.MaxValue"/>).</summary>
    TensorTooLarge,
    /// <summary>The stream ended while tensor data was being read (the file shrank after it was checked).</summary>
    Truncated,
    /// <summary>The file is a valid safetensors file but not a MiniTorch training checkpoint.</summary>
    NotATrainingCheckpoint,
}

/// <summary>
/// The one exception every malformed or unloadable safetensors file raises. Nothing else escapes
/// from parsing — no index, overflow, out-of-memory, argument or JSON exception. Failures of the
/// operating system itself (file not found, access denied, disk errors) stay <see cref="IOException"/>s.
/// </summary>
public sealed class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(SafeTensorsCheck check, string message, long? offset = null, string? tensorName = null, Exception? inner = null)
        : base(Compose(check, message, offset, tensorName), inner)
    {
        Check = check;
        Offset = offset;
        TensorName = tensorName;
    }

    /// <summary>The rule the file broke.</summary>
    public SafeTensorsCheck Check { get; }

    /// <summary>Byte position in the file where the problem was found, when one position is to blame.</summary>
    public long? Offset { get; }

    /// <summary>The tensor (or metadata key) involved, when there is one.</summary>
    public string? TensorName { get; }

    private static string Compose(SafeTensorsCheck check, string message, long? offset, string? tensorName)
    {
        var where = (tensorName, offset) switch
        {
            (not null, not null) => $" (tensor \"{tensorName}\", file offset {offset})",
            (not null, null) => $" (tensor \"{tensorName}\")",
            (null, not null) => $" (file offset {offset})",
            _ => "",
        };
        return $"invalid safetensors file: {message}{where} [{check}]";
    }
}
