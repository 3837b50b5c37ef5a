using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MiniTorch.Benchmarks.Config;

/// <summary>
/// What every computed column of this suite shares: always shown, numeric, in the custom
/// category; a subclass supplies its text per case ("-" where it has nothing to say).
/// </summary>
public abstract class CustomColumn(string id, string header, string legend, int priority = 0) : IColumn
{
    public string Id => id;
    public string ColumnName => header;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => priority;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public virtual bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => Text(summary, benchmarkCase);

    /// <summary>The cell for one case.</summary>
    protected abstract string Text(Summary summary, BenchmarkCase benchmarkCase);

    public override string ToString() => ColumnName;
}
