using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
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
public abstract class PerElementColumn(string id, string header) : IColumn
{
    public string Id => id;
    public string ColumnName => header;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"{header} computed from the mean time and the element count N";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public virtual bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
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

    public override string ToString() => ColumnName;
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
public sealed class BandwidthShareColumn(string referenceMethod) : IColumn
{
    public string Id => "BandwidthShare" + referenceMethod;
    public string ColumnName => $"% of {referenceMethod}";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"GB/s relative to {referenceMethod} measured in the same run";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.WorkloadMethod.Name == referenceMethod
            && c.Job == benchmarkCase.Job && c.Parameters.FolderInfo == benchmarkCase.Parameters.FolderInfo);
        return reference != null && BandwidthColumn.Of(summary, benchmarkCase) is double rate && BandwidthColumn.Of(summary, reference) is double full
            ? (100 * rate / full).ToString("F0", CultureInfo.InvariantCulture) + "%"
            : "-";
    }

    public override string ToString() => ColumnName;
}

/// <summary>Adds the throughput columns to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ThroughputColumnsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddColumn(ElementsPerSecondColumn.Instance, BandwidthColumn.Instance);
}
