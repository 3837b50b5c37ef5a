using System.Text.Json;

namespace MiniTorch.Tests.Golden;

/// <summary>
/// The conformance suite: every case of every golden file is its own test, named
/// "file: case". A case runs through the <see cref="IGoldenFormat"/> named by its file's
/// "format" field; a format nobody implements fails its cases rather than skipping them.
/// </summary>
public class GoldenConformanceTests
{
    public static IEnumerable<TheoryDataRow<string, string>> Cases()
    {
        if (GoldenFiles.ExtraFolder() is { } extra && !Directory.Exists(extra))
            yield return Row(extra, "(missing folder)");
        foreach (var path in GoldenFiles.Paths())
        {
            var root = GoldenFiles.Load(path);
            foreach (var c in root.GetProperty("cases").EnumerateArray())
                yield return Row(path, c.GetProperty("name").GetString()!);
        }
    }

    // Built-in files travel as "golden/ops.json" (relative to the test assembly), so test names
    // and arguments read the same on every machine; extra-folder files keep their full path.
    private static TheoryDataRow<string, string> Row(string path, string name) =>
        new(Path.GetRelativePath(AppContext.BaseDirectory, path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) ? relative : path, name)
        { TestDisplayName = $"{GoldenFiles.DisplayName(path)}: {name}" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_MatchesLibtorch(string file, string caseName)
    {
        file = Path.Combine(AppContext.BaseDirectory, file);
        Assert.True(File.Exists(file), $"golden file {file} does not exist ({GoldenFiles.EnvironmentVariable}={GoldenFiles.ExtraFolder()})");
        var root = GoldenFiles.Load(file);
        var format = root.GetProperty("format").GetString()!;
        var runner = GoldenFormats.Find(format);
        Assert.True(runner != null,
            $"format not implemented: no IGoldenFormat handles \"{format}\" (file {Path.GetFileName(file)}); known formats: {string.Join(", ", GoldenFormats.Known)}");
        JsonElement? found = null;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
            if (c.GetProperty("name").GetString() == caseName) { found = c; break; }
        Assert.True(found.HasValue, $"case {caseName} not found in {file}");
        runner!.Run(found!.Value, root);
    }
}
