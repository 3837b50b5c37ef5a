using System.Text;

namespace MiniTorch.Tensors;

/// <summary>
/// Lays a tensor out the way PyTorch's <c>repr</c> does (<c>torch/_tensor_str.py</c>): nested
/// brackets, rows of a vector wrapped at the line width, <c>...</c> in place of the middle of
/// every long dimension once the tensor has more than <c>Threshold</c> elements, and suffixes
/// (<c>dtype=</c>, <c>size=</c>) wrapped onto a new line when they would not fit.
/// </summary>
internal sealed class TensorFormatter
{
    private const string Prefix = "tensor(";

    private readonly TensorData _data;   // contiguous
    private readonly int[] _shape;
    private readonly int[] _strides;
    private readonly PrintOptions _options;
    private readonly bool _summarize;
    private readonly ElementFormatter _formatter;

    private TensorFormatter(TensorData data, PrintOptions options)
    {
        _data = data.Contiguous();
        _shape = data.ShapeArray();
        _strides = ShapeUtil.ContiguousStrides(_shape);
        _options = options;
        _summarize = data.Numel > options.Threshold;
        var shown = ShownOffsets(0, 0).ToList(); // the formatter sees only what is printed, as in PyTorch
        _formatter = data.DType.IsFloatingPoint()
            ? new ElementFormatter(shown.Select(FloatAt), options)
            : new ElementFormatter(shown.Select(TextAt));
    }

    /// <summary>The full repr: <c>tensor(...)</c> with any suffixes.</summary>
    public static string Format(TensorData data, PrintOptions options)
    {
        var suffixes = new List<string>();
        string body;
        if (data.Numel == 0)
        {
            // Nothing shows the dtype or a shape other than (0,), so both are spelled out.
            if (data.Rank != 1) suffixes.Add("size=" + PythonTuple(data.Shape));
            if (data.DType != DType.Float32) suffixes.Add("dtype=torch." + data.DType.Name());
            body = "[]";
        }
        else
        {
            if (data.DType == DType.Float64) suffixes.Add("dtype=torch.float64"); // int64 and bool show in their digits
            body = new TensorFormatter(data, options).Render(0, 0, Prefix.Length);
        }
        return AddSuffixes(Prefix + body, suffixes, Prefix.Length, options.LineWidth);
    }

    private string Render(int dim, int offset, int indent)
    {
        if (_shape.Length == 0) return Element(offset);
        if (dim == _shape.Length - 1) return Vector(offset, indent);
        var slices = Kept(dim).Select(i => i < 0 ? "..." : Render(dim + 1, offset + i * _strides[dim], indent + 1));
        string separator = "," + new string('\n', _shape.Length - dim - 1) + new string(' ', indent + 1);
        return "[" + string.Join(separator, slices) + "]";
    }

    private string Vector(int offset, int indent)
    {
        int elementLength = _formatter.Width + 2; // ", " between elements
        int perLine = Math.Max(1, (int)Math.Floor((_options.LineWidth - indent) / (double)elementLength));
        var items = Kept(_shape.Length - 1).Select(i => i < 0 ? " ..." : Element(offset + i)).ToList();
        var lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
        return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
    }

    /// <summary>Indices printed along <paramref name="dim"/>; -1 marks the <c>...</c>.</summary>
    private IEnumerable<int> Kept(int dim)
    {
        int size = _shape[dim], edge = _options.EdgeItems;
        if (!_summarize || size <= 2 * edge) return Enumerable.Range(0, size);
        return Enumerable.Range(0, edge).Append(-1).Concat(Enumerable.Range(size - edge, edge));
    }

    /// <summary>Offsets of every printed element (PyTorch's <c>get_summarized_data</c>).</summary>
    private IEnumerable<int> ShownOffsets(int dim, int offset)
    {
        if (dim == _shape.Length) return [offset];
        return Kept(dim).Where(i => i >= 0).SelectMany(i => ShownOffsets(dim + 1, offset + i * _strides[dim]));
    }

    private string Element(int offset) =>
        _data.DType.IsFloatingPoint() ? _formatter.Format(FloatAt(offset)) : _formatter.Format(TextAt(offset));

    private double FloatAt(int offset) => _data.DType == DType.Float32
        ? _data.Storage.AsSpan<float>()[_data.Offset + offset]
        : _data.Storage.AsSpan<double>()[_data.Offset + offset];

    private string TextAt(int offset) => _data.DType == DType.Bool
        ? ElementFormatter.PythonStr(_data.Storage.AsSpan<bool>()[_data.Offset + offset])
        : ElementFormatter.PythonStr(_data.Storage.AsSpan<long>()[_data.Offset + offset]);

    /// <summary>Python's <c>str(tuple(shape))</c>: <c>(0, 3)</c>, <c>(0,)</c>.</summary>
    private static string PythonTuple(ReadOnlySpan<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";

    /// <summary>PyTorch's <c>_add_suffixes</c>: a suffix that would pass the line width starts a new line.</summary>
    private static string AddSuffixes(string text, List<string> suffixes, int indent, int lineWidth)
    {
        var sb = new StringBuilder(text);
        int lastLineLength = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > lineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }
}
