using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MiniTorch.Benchmarks.Config;

namespace MiniTorch.Benchmarks;

/// <summary>
/// GFLOP/s of a benchmark from its mean time. A benchmark class opts in with a public static
/// <c>double FlopsPerOperation(BenchmarkCase)</c>; a multiply-add counts as two flops.
/// </summary>
public sealed class GflopsColumn() : CustomColumn(nameof(GflopsColumn), "GFLOP/s", "Floating-point operations per second (a multiply-add is two), from the mean time")
{
    protected override string Text(Summary summary, BenchmarkCase benchmarkCase) =>
        Gflops(summary, benchmarkCase) is double g ? g.ToString("F1", CultureInfo.InvariantCulture) : "-";

    /// <summary>GFLOP/s of one case, or null when it has no result or no flop count.</summary>
    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        var method = benchmarkCase.Descriptor.Type.GetMethod("FlopsPerOperation", BindingFlags.Public | BindingFlags.Static);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (method == null || meanNs is not > 0) return null;
        double flops = (double)method.Invoke(null, [benchmarkCase])!;
        return flops > 0 ? flops / meanNs.Value : null; // flops per nanosecond = GFLOP/s
    }

    /// <summary>The value of parameter <paramref name="name"/> of a case.</summary>
    public static int Parameter(BenchmarkCase benchmarkCase, string name) => (int)benchmarkCase.Parameters[name]!;
}

/// <summary>
/// GFLOP/s as a percentage of the FMA peak measured in the same run by <see cref="PeakFmaBenchmarks"/>
/// with the same thread count (one column for the Vector256 peak, one for the Vector512 peak).
/// </summary>
public sealed class PeakPercentColumn(string peakMethod) : CustomColumn(
    nameof(PeakPercentColumn) + peakMethod, $"% of {peakMethod.Replace("Fma12Chains", "")} peak",
    $"GFLOP/s relative to {peakMethod} (12 independent FMA chains) on the same number of threads, measured in this run", 1)
{
    protected override string Text(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (GflopsColumn.Gflops(summary, benchmarkCase) is not double g || !benchmarkCase.Parameters.Items.Any(p => p.Name == "Threads"))
            return "-";
        int threads = GflopsColumn.Parameter(benchmarkCase, "Threads");
        var peak = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == typeof(PeakFmaBenchmarks) && c.Descriptor.WorkloadMethod.Name == peakMethod
            && GflopsColumn.Parameter(c, "Threads") == threads);
        return peak != null && GflopsColumn.Gflops(summary, peak) is double p
            ? (100 * g / p).ToString("F0", CultureInfo.InvariantCulture) + "%"
            : "-";
    }
}

/// <summary>The configuration every GFLOP/s benchmark shares: the default columns plus GFLOP/s and % of peak.</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig()
    {
        AddColumn(new GflopsColumn(), new PeakPercentColumn(nameof(PeakFmaBenchmarks.Vector256Fma12Chains)), new PeakPercentColumn(nameof(PeakFmaBenchmarks.Vector512Fma12Chains)));
    }
}
