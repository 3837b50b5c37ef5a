using System.Text.Json;

namespace MiniTorch.Tests.Golden;

/// <summary>
/// Runs the cases of one golden file format (the file's <c>"format"</c> field, e.g.
/// <c>"minitorch-golden-ops/1"</c>). Implementations anywhere in the test assembly are found by
/// reflection (public parameterless constructor), so a new layer adds its formats — modules,
/// optimizers, training — by adding one class, without touching the runner.
/// </summary>
public interface IGoldenFormat
{
    /// <summary>The exact <c>"format"</c> value this class runs.</summary>
    string Format { get; }

    /// <summary>Runs one case; fails through xunit assertions.</summary>
    /// <param name="testCase">The case object from the file's <c>"cases"</c> array.</param>
    /// <param name="file">The whole file (for file-level fields such as <c>"seed"</c>).</param>
    void Run(JsonElement testCase, JsonElement file);
}

/// <summary>Finds the <see cref="IGoldenFormat"/> for a file's format string.</summary>
public static class GoldenFormats
{
    private static readonly Lazy<Dictionary<string, IGoldenFormat>> All = new(() =>
        typeof(GoldenFormats).Assembly.GetTypes()
            .Where(t => typeof(IGoldenFormat).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (IGoldenFormat)Activator.CreateInstance(t)!)
            .ToDictionary(f => f.Format));

    public static IGoldenFormat? Find(string format) => All.Value.GetValueOrDefault(format);

    public static IEnumerable<string> Known => All.Value.Keys;
}
