using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MiniTorch.Benchmarks.Config;

/// <summary>Bytes one element moves to or from memory in a benchmark (reads plus writes), for <see cref="BandwidthColumn"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerElementAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}

/// <summary>
/// A column computed from the mean time of one operation and its element count, the
/// benchmark's <c>N</c> parameter. Shows "-" for benchmarks it cannot rate.
/// </summary>
public abstract class PerElementColumn(string id, string header)
    : CustomColumn(id, header, $"{header} computed from the mean time and the element count N")
{
    protected override string Text(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        var n = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value;
        if (stats == null || n == null || stats.Mean <= 0) return "-";
        double seconds = stats.Mean * 1e-9; // BenchmarkDotNet reports nanoseconds
        double? value = Rate(Convert.ToDouble(n, CultureInfo.InvariantCulture), seconds, benchmarkCase);
        return value is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
    }

    /// <summary>The rate for <paramref name="elements"/> processed in <paramref name="seconds"/>, or null.</summary>
    protected abstract double? Rate(double elements, double seconds, BenchmarkCase benchmarkCase);
}

/// <summary>Elements processed per second, in billions.</summary>
public sealed class ElementsPerSecondColumn() : PerElementColumn("ElementsPerSecond", "G elem/s")
{
    public static readonly ElementsPerSecondColumn Instance = new();
    protected override double? Rate(double elements, double seconds, BenchmarkCase benchmarkCase) => elements / seconds / 1e9;
}

/// <summary>Memory traffic in GB/s, for benchmarks marked with <see cref="BytesPerElementAttribute"/>.</summary>
public sealed class BandwidthColumn() : PerElementColumn("Bandwidth", "GB/s")
{
    public static readonly BandwidthColumn Instance = new();

    /// <summary>Shown only in tables where some benchmark states its bytes per element.</summary>
    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => BytesOf(c) != null);

    internal static int? BytesOf(BenchmarkCase c) => c.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerElementAttribute>()?.Bytes;

    protected override double? Rate(double elements, double seconds, BenchmarkCase benchmarkCase)
    {
        return BytesOf(benchmarkCase) is int b ? elements * b / seconds / 1e9 : null;
    }

    /// <summary>GB/s of one case of a summary, or null.</summary>
    internal static double? Of(Summary summary, BenchmarkCase c)
    {
        var stats = summary[c]?.ResultStatistics;
        var n = c.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value;
        if (stats == null || n == null || stats.Mean <= 0 || BytesOf(c) is not int bytes) return null;
        return Convert.ToDouble(n, CultureInfo.InvariantCulture) * bytes / (stats.Mean * 1e-9) / 1e9;
    }
}

/// <summary>
/// Bandwidth as a percentage of a reference benchmark's in the same class, run and parameters
/// (e.g. a sum against the raw vector read loop over the same memory).
/// </summary>
public sealed class BandwidthShareColumn(string referenceMethod)
    : CustomColumn("BandwidthShare" + referenceMethod, $"% of {referenceMethod}", $"GB/s relative to {referenceMethod} measured in the same run", 1)
{
    protected override string Text(Summary summary, BenchmarkCase benchmarkCase)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.WorkloadMethod.Name == referenceMethod
            && c.Job == benchmarkCase.Job && c.Parameters.FolderInfo == benchmarkCase.Parameters.FolderInfo);
        return reference != null && BandwidthColumn.Of(summary, benchmarkCase) is double rate && BandwidthColumn.Of(summary, reference) is double full
            ? (100 * rate / full).ToString("F0", CultureInfo.InvariantCulture) + "%"
            : "-";
    }
}

/// <summary>Adds the throughput columns to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ThroughputColumnsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddColumn(ElementsPerSecondColumn.Instance, BandwidthColumn.Instance);
}
