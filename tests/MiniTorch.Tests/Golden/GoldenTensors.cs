using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Golden;

/// <summary>Reads FORMAT.md tensors and compares results with them.</summary>
public static class GoldenTensors
{
    /// <summary>Builds the tensor <c>{"shape", "dtype", "data"}</c> describes (float32 values round-trip exactly).</summary>
    public static TensorData Parse(JsonElement json)
    {
        var shape = json.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var dtype = DTypes.Parse(json.GetProperty("dtype").GetString()!);
        var data = json.GetProperty("data");
        int n = data.GetArrayLength(), i = 0;
        switch (dtype)
        {
            case DType.Int64:
                var longs = new long[n];
                foreach (var e in data.EnumerateArray()) longs[i++] = e.GetInt64();
                return TensorData.FromArray(longs, shape);
            case DType.Float32:
                var floats = new float[n];
                foreach (var e in data.EnumerateArray()) floats[i++] = (float)ReadDouble(e);
                return TensorData.FromArray(floats, shape);
            case DType.Float64:
                var doubles = new double[n];
                foreach (var e in data.EnumerateArray()) doubles[i++] = ReadDouble(e);
                return TensorData.FromArray(doubles, shape);
            default:
                throw new NotSupportedException($"golden tensors of dtype {dtype.Name()} are not used");
        }
    }

    private static double ReadDouble(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" or "nan" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        }
        : e.GetDouble();

    /// <summary>
    /// Asserts shape, dtype and values: |actual - expected| ≤ atol + rtol·|expected| (NaN matches
    /// NaN, infinities must be equal); integer tensors must be equal. The message names
    /// <paramref name="what"/>, the worst element and the first few mismatches.
    /// </summary>
    public static void AssertClose(TensorData actual, JsonElement expectedJson, double rtol, double atol, string what)
    {
        var expected = Parse(expectedJson);
        Assert.True(actual.Shape.SequenceEqual(expected.Shape),
            $"{what}: shape {ShapeUtil.Format(actual.Shape)} but expected {ShapeUtil.Format(expected.Shape)}");
        Assert.True(actual.DType == expected.DType, $"{what}: dtype {actual.DType.Name()} but expected {expected.DType.Name()}");
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        bool exact = expected.DType == DType.Int64;
        var report = new StringBuilder();
        int bad = 0, worst = -1;
        double worstExcess = double.NegativeInfinity;
        for (int i = 0; i < e.Length; i++)
        {
            double excess = Excess(a[i], e[i], exact ? 0 : rtol, exact ? 0 : atol);
            if (excess <= 0) continue;
            if (bad++ < 5) report.Append(CultureInfo.InvariantCulture, $"\n  [{i}] actual {a[i]:R} expected {e[i]:R}");
            if (excess > worstExcess) (worst, worstExcess) = (i, excess);
        }
        Assert.True(bad == 0,
            $"{what}: {bad} of {e.Length} elements outside atol {atol} + rtol {rtol}·|expected|; worst [{worst}] actual {(worst >= 0 ? a[worst] : 0):R} expected {(worst >= 0 ? e[worst] : 0):R}{report}");
    }

    /// <summary>A FORMAT.md state dict (<c>{"key": tensor, ...}</c>) in file order, without metadata.</summary>
    public static MiniTorch.NN.StateDict ParseStateDict(JsonElement json)
    {
        var result = new MiniTorch.NN.StateDict();
        foreach (var entry in json.EnumerateObject()) result[entry.Name] = new Tensor(Parse(entry.Value));
        return result;
    }

    /// <summary>
    /// The whole state dict: the same keys, each tensor close to the recorded one. Key order is
    /// checked against the case's state_dict_keys instead: recorded dicts list parameters first.
    /// </summary>
    public static void AssertStateDict(MiniTorch.NN.StateDict actual, JsonElement expected, double rtol, double atol, string where)
    {
        Assert.Equal(expected.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach (var entry in expected.EnumerateObject())
        {
            try { AssertClose(actual[entry.Name].Data, entry.Value, rtol, atol, $"state_dict[\"{entry.Name}\"] {where}"); }
            catch (Xunit.Sdk.XunitException e) { failures.Add(e.Message); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>How far |a - e| exceeds the tolerance (≤ 0 when it matches).</summary>
    private static double Excess(double a, double e, double rtol, double atol)
    {
        if (double.IsNaN(e) || double.IsNaN(a)) return double.IsNaN(e) && double.IsNaN(a) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(e) || double.IsInfinity(a)) return a == e ? 0 : double.PositiveInfinity;
        return Math.Abs(a - e) - (atol + rtol * Math.Abs(e));
    }
}
