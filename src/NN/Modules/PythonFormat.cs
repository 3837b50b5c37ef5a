using System.Globalization;

namespace MiniTorch.NN;

/// <summary>Python's spelling of values in module printouts (<c>1e-05</c>, <c>True</c>, <c>None</c>).</summary>
internal static class PythonFormat
{
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var s = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
        if (s.Contains('e'))
        {
            // Python pads the exponent to two digits: 1e-05, 1e+16.
            int e = s.IndexOf('e');
            string mantissa = s[..e], exponent = s[(e + 1)..];
            string sign = exponent.StartsWith('-') ? "-" : "+";
            exponent = exponent.TrimStart('+', '-').PadLeft(2, '0');
            return $"{mantissa}e{sign}{exponent}";
        }
        return s.Contains('.') ? s : s + ".0";
    }

    public static string Bool(bool value) => value ? "True" : "False";

    public static string Float(double? value) => value is double v ? Float(v) : "None";
}
