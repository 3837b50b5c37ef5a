using System.Collections;

namespace MiniTorch.Optim;

/// <summary>
/// Reads one saved group's hyperparameters by PyTorch name with type checks. A missing key keeps
/// the fallback value; after reading, <see cref="RejectUnknown"/> refuses keys nobody asked for,
/// so a typo or a state dict of another optimizer cannot load silently.
/// </summary>
internal sealed class HyperparameterReader
{
    private readonly IReadOnlyDictionary<string, object> _values;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly string _where;

    internal HyperparameterReader(IReadOnlyDictionary<string, object> values, string where)
    {
        _values = values;
        _where = where;
    }

    internal double Number(string key, double fallback)
    {
        _known.Add(key);
        if (!_values.TryGetValue(key, out var value)) return fallback;
        return TryNumber(value, out var number) ? number
            : throw new ArgumentException($"{_where}: hyperparameter '{key}' must be a number, got {Describe(value)}");
    }

    /// <summary>A number that may be absent (the key is then not an error either).</summary>
    internal double? OptionalNumber(string key)
    {
        _known.Add(key);
        if (!_values.TryGetValue(key, out var value)) return null;
        return TryNumber(value, out var number) ? number
            : throw new ArgumentException($"{_where}: hyperparameter '{key}' must be a number, got {Describe(value)}");
    }

    internal bool Flag(string key, bool fallback)
    {
        _known.Add(key);
        if (!_values.TryGetValue(key, out var value)) return fallback;
        return value is bool b ? b
            : throw new ArgumentException($"{_where}: hyperparameter '{key}' must be true or false, got {Describe(value)}");
    }

    internal (double First, double Second) Pair(string key, (double, double) fallback)
    {
        _known.Add(key);
        if (!_values.TryGetValue(key, out var value)) return fallback;
        if (value is IEnumerable items and not string)
        {
            var numbers = new List<double>();
            foreach (var item in items)
            {
                if (!TryNumber(item, out var n)) { numbers.Clear(); break; }
                numbers.Add(n);
            }
            if (numbers.Count == 2) return (numbers[0], numbers[1]);
        }
        throw new ArgumentException($"{_where}: hyperparameter '{key}' must be a list of two numbers, got {Describe(value)}");
    }

    internal void RejectUnknown()
    {
        foreach (var key in _values.Keys)
            if (!_known.Contains(key))
                throw new ArgumentException($"{_where}: unknown hyperparameter '{key}' (expected {string.Join(", ", _known)})");
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case int i: number = i; return true;
            case long l: number = l; return true;
            case decimal m: number = (double)m; return true;
            default: number = 0; return false;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the string \"{s}\"",
        _ => $"{value} ({value.GetType().Name})",
    };
}
