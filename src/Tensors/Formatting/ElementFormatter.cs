using System.Globalization;

namespace MiniTorch.Tensors;

/// <summary>
/// Chooses one format and one width for every element of a tensor, by the rules of PyTorch's
/// <c>torch/_tensor_str.py</c> <c>_Formatter</c>: looking only at nonzero finite values, floats
/// print as integers with a trailing point when all are whole, in scientific notation when
/// max/min &gt; 1000, max &gt; 1e8 or (for non-integers) min &lt; 1e-4, and in fixed notation otherwise.
/// Integers and bools print as Python's <c>str</c>. All elements are right-aligned to one width.
/// </summary>
internal sealed class ElementFormatter
{
    private readonly bool _floating;
    private readonly bool _intMode = true;
    private readonly bool _sciMode;
    private readonly int _precision;

    /// <summary>Width of the widest element text; shorter ones are padded on the left.</summary>
    public int Width { get; } = 1;

    /// <summary>A formatter for floating values (only the printed ones, when summarized).</summary>
    public ElementFormatter(IEnumerable<double> values, PrintOptions options)
    {
        _floating = true;
        _precision = options.Precision;
        var nonzeroFinite = values.Where(v => double.IsFinite(v) && v != 0).ToList();
        if (nonzeroFinite.Count > 0)
        {
            double min = nonzeroFinite.Min(Math.Abs), max = nonzeroFinite.Max(Math.Abs);
            _intMode = nonzeroFinite.All(v => v == Math.Ceiling(v));
            _sciMode = max / min > 1000.0 || max > 1.0e8 || (!_intMode && min < 1.0e-4);
            Width = Math.Max(Width, nonzeroFinite.Max(v => Text(v).Length + (_intMode && !_sciMode ? 1 : 0)));
        }
        if (options.SciMode is bool forced) _sciMode = forced;
    }

    /// <summary>A formatter for integer or bool elements, already rendered as Python's <c>str</c>.</summary>
    public ElementFormatter(IEnumerable<string> texts)
    {
        Width = texts.Select(s => s.Length).DefaultIfEmpty(1).Max();
        Width = Math.Max(Width, 1);
    }

    /// <summary>A floating value, padded to <see cref="Width"/>.</summary>
    public string Format(double value)
    {
        string text = _sciMode || !_intMode || !double.IsFinite(value) ? Text(value) : Text(value) + ".";
        return Pad(text);
    }

    /// <summary>An integer or bool element's text, padded to <see cref="Width"/>.</summary>
    public string Format(string text) => Pad(text);

    /// <summary>Python's <c>str</c> of an int64 or bool element.</summary>
    public static string PythonStr(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string PythonStr(bool value) => value ? "True" : "False";

    private string Text(double value) =>
        !_floating ? throw new InvalidOperationException("not a floating formatter")
        : _sciMode ? PythonFloatFormat.Scientific(value, _precision)
        : _intMode ? PythonFloatFormat.Fixed(value, 0)
        : PythonFloatFormat.Fixed(value, _precision);

    private string Pad(string text) => text.Length >= Width ? text : new string(' ', Width - text.Length) + text;
}
