using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using MiniTorch.Tests.Tensors.RandomNumbers;

namespace MiniTorch.Tests.Docs;

// The quick start reseeds the process-wide generator (Torch.ManualSeed), so it runs alone.
[Collection(nameof(DefaultGeneratorCollection))]
public class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStart_Runs_AndItsLossFalls()
    {
        var output = new StringWriter();
        ReadmeQuickStart.Run(output);

        var losses = Regex.Matches(output.ToString(), @"^step +(\d+)  loss (\S+)$", RegexOptions.Multiline)
            .Select(m => (Step: int.Parse(m.Groups[1].Value), Loss: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal([50, 100, 150, 200, 250, 300], losses.Select(l => l.Step));
        Assert.All(losses, l => Assert.True(double.IsFinite(l.Loss), $"step {l.Step}: loss {l.Loss}"));
        // The target x0·x1 of standard normals has variance 1, which is about where an untrained
        // model's loss starts; after 300 Adam steps the fit is far better than that.
        Assert.True(losses[^1].Loss < losses[0].Loss / 2, $"loss did not fall enough: {output}");
        Assert.True(losses[^1].Loss < 0.1, $"loss after 300 steps is {losses[^1].Loss}: {output}");
    }

    [Fact]
    public void Readme_ShowsExactlyTheQuickStartCodeThatTheTestsRun()
    {
        var readme = Lines(Resource("README.md"));
        var heading = readme.FindIndex(l => l.Trim() == "## Quick start");
        Assert.True(heading >= 0, "README.md has no \"## Quick start\" section");
        var open = readme.FindIndex(heading, l => l.Trim() == "```csharp");
        Assert.True(open > heading, "the Quick start section has no ```csharp block");
        var close = readme.FindIndex(open + 1, l => l.Trim() == "```");
        var shown = readme.GetRange(open + 1, close - open - 1);

        Assert.Equal(ExpectedBlock(Lines(Resource("ReadmeQuickStart.cs"))), shown);
    }

    /// <summary>The snippet file's using lines, a blank line, then the code between the markers, de-indented.</summary>
    private static List<string> ExpectedBlock(List<string> source)
    {
        var usings = source.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        var begin = source.FindIndex(l => l.Trim() == "// quick start: begin");
        var end = source.FindIndex(l => l.Trim() == "// quick start: end");
        Assert.True(usings.Count > 0 && begin >= 0 && end > begin, "ReadmeQuickStart.cs lost its using lines or markers");
        var body = source.GetRange(begin + 1, end - begin - 1);
        int indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return [.. usings, "", .. body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())];
    }

    private static List<string> Lines(string text) => [.. text.ReplaceLineEndings("\n").Split('\n')];

    /// <summary>README.md and the snippet's source are embedded in the test assembly (see the csproj).</summary>
    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Docs/" + name)
            ?? throw new InvalidOperationException($"embedded resource Docs/{name} is missing");
        return new StreamReader(stream).ReadToEnd();
    }
}
