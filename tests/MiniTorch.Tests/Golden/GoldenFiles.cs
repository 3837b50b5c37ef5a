using System.Collections.Concurrent;
using System.Text.Json;

namespace MiniTorch.Tests.Golden;

/// <summary>
/// Where the golden files are: <c>golden/*.json</c> beside the test assembly (copied there from
/// tests/golden by the csproj) and, when the MINITORCH_GOLDEN_DIR environment variable names a
/// folder, every <c>*.json</c> in it. Parsed files are cached: each case re-reads its file.
/// </summary>
public static class GoldenFiles
{
    public const string EnvironmentVariable = "MINITORCH_GOLDEN_DIR";
    private static readonly ConcurrentDictionary<string, JsonDocument> Cache = new();

    /// <summary>Every golden file path: the built-in ones, then those of the folder MINITORCH_GOLDEN_DIR names.</summary>
    public static IEnumerable<string> Paths() => Paths(ExtraFolder());

    /// <summary>The built-in golden files, then every <c>*.json</c> in <paramref name="extra"/> (when it exists).</summary>
    public static IEnumerable<string> Paths(string? extra)
    {
        var builtIn = Path.Combine(AppContext.BaseDirectory, "golden");
        foreach (var path in Directory.EnumerateFiles(builtIn, "*.json").Order(StringComparer.Ordinal)) yield return path;
        if (extra != null && Directory.Exists(extra))
            foreach (var path in Directory.EnumerateFiles(extra, "*.json").Order(StringComparer.Ordinal)) yield return Path.GetFullPath(path);
    }

    /// <summary>The folder named by MINITORCH_GOLDEN_DIR, or null when unset.</summary>
    public static string? ExtraFolder() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } dir ? dir : null;

    public static JsonElement Load(string path) => Cache.GetOrAdd(path, p => JsonDocument.Parse(File.ReadAllBytes(p))).RootElement;

    /// <summary>How a file is named in test names: "ops.json", or "MINITORCH_GOLDEN_DIR/ops.json" for the extra folder.</summary>
    public static string DisplayName(string path)
    {
        var builtIn = Path.Combine(AppContext.BaseDirectory, "golden");
        return Path.GetDirectoryName(path) == Path.TrimEndingDirectorySeparator(builtIn)
            ? Path.GetFileName(path)
            : $"{EnvironmentVariable}/{Path.GetFileName(path)}";
    }
}
