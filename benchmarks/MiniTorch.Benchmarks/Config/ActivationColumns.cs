using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MiniTorch.Benchmarks.Config;

/// <summary>
/// A column about a training step's activations, for classes with a public static
/// <c>long ActivationBytes(BenchmarkCase)</c>: the bytes themselves, or the managed bytes the
/// memory diagnoser counted per operation as a percentage of them.
/// </summary>
public sealed class ActivationColumn(bool ratio) : IColumn
{
    public string Id => ratio ? "AllocPerActivation" : "ActivationBytes";
    public string ColumnName => ratio ? "Alloc/Act" : "Activations";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => ratio ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => ratio
        ? "Managed bytes allocated per operation as a percentage of the activation bytes"
        : "Bytes of the tensors the forward pass produces (layer outputs, max-pool indices, loss)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var method = benchmarkCase.Descriptor.Type.GetMethod("ActivationBytes", BindingFlags.Public | BindingFlags.Static);
        if (method == null) return "-";
        long activations = (long)method.Invoke(null, [benchmarkCase])!;
        if (activations <= 0) return "-";
        if (!ratio) return $"{activations / 1024.0:N0} KB";
        long? allocated = summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return allocated is long bytes ? (100.0 * bytes / activations).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";
    }

    public override string ToString() => ColumnName;
}

/// <summary>Adds the activation bytes and the allocation ratio to a training-step class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ActivationColumnsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddColumn(new ActivationColumn(false), new ActivationColumn(true));
}
