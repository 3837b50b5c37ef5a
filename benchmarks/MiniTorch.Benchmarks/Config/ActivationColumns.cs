using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MiniTorch.Benchmarks.Config;

/// <summary>
/// A column about a training step's activations, for classes with a public static
/// <c>long ActivationBytes(BenchmarkCase)</c>: the bytes themselves, or the managed bytes the
/// memory diagnoser counted per operation as a percentage of them.
/// </summary>
public sealed class ActivationColumn(bool ratio) : CustomColumn(
    ratio ? "AllocPerActivation" : "ActivationBytes",
    ratio ? "Alloc/Act" : "Activations",
    ratio ? "Managed bytes allocated per operation as a percentage of the activation bytes"
          : "Bytes of the tensors the forward pass produces (layer outputs, max-pool indices, loss)",
    ratio ? 1 : 0)
{
    protected override string Text(Summary summary, BenchmarkCase benchmarkCase)
    {
        var method = benchmarkCase.Descriptor.Type.GetMethod("ActivationBytes", BindingFlags.Public | BindingFlags.Static);
        if (method == null) return "-";
        long activations = (long)method.Invoke(null, [benchmarkCase])!;
        if (activations <= 0) return "-";
        if (!ratio) return $"{activations / 1024.0:N0} KB";
        long? allocated = summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return allocated is long bytes ? (100.0 * bytes / activations).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";
    }
}

/// <summary>Adds the activation bytes and the allocation ratio to a training-step class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ActivationColumnsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddColumn(new ActivationColumn(false), new ActivationColumn(true));
}
