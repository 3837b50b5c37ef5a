namespace MiniTorch.Serialization;

/// <summary>The tensors and metadata of a loaded safetensors file.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(SafeTensorsHeader header, OrderedDictionary<string, Tensor> tensors)
    {
        Header = header;
        Tensors = tensors;
    }

    /// <summary>The validated header the tensors were read by.</summary>
    public SafeTensorsHeader Header { get; }

    /// <summary>Name → tensor, in data order (for files from MiniTorch or the reference writer: dtype size descending, then name).</summary>
    public OrderedDictionary<string, Tensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map, or null when the file has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata => Header.Metadata;
}
