using System.Text.Json;

namespace MiniTorch.Tests.Golden;

/// <summary>The runner's own rules: views, unknown ops, unknown formats, and the extra folder.</summary>
public class GoldenRunnerTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private const string File = """{"format": "minitorch-golden-ops/1", "cases": []}""";

    [Fact]
    public void TransposeLast2View_HandsTheOpTheLeafsTranspose_AndComparesTheLeafsGradient()
    {
        // y = x[0]ᵀ @ x[1] with x[0] = [[1, 2], [3, 4]] given as a leaf and its transpose used:
        // xᵀ = [[1, 3], [2, 4]], so y = xᵀ @ [1, 1] = [4, 6]; dy/dx with grad_output [1, 0] is
        // the outer product placed back through the transpose: [[1, 1], [0, 0]]ᵀ = [[1, 0], [1, 0]].
        var testCase = Json("""
        {"name": "view", "op": "matmul", "attrs": {},
         "inputs": [{"shape": [2, 2], "dtype": "float64", "data": [1, 2, 3, 4], "requires_grad": true, "view": "transpose_last2"},
                    {"shape": [2], "dtype": "float64", "data": [1, 1], "requires_grad": false}],
         "output": {"shape": [2], "dtype": "float64", "data": [4, 6]},
         "grad_output": {"shape": [2], "dtype": "float64", "data": [1, 0]},
         "grads": [{"shape": [2, 2], "dtype": "float64", "data": [1, 0, 1, 0]}, null],
         "rtol": 1e-12, "atol": 1e-12}
        """);
        new OpsGoldenFormat().Run(testCase, Json(File));
    }

    [Fact]
    public void ACaseWhoseOpIsUnknown_Fails()
    {
        var testCase = Json("""
        {"name": "nope", "op": "frobnicate", "attrs": {}, "inputs": [], "output": null, "grad_output": null, "grads": [], "rtol": 0, "atol": 0}
        """);
        var e = Assert.ThrowsAny<Exception>(() => new OpsGoldenFormat().Run(testCase, Json(File)));
        Assert.Contains("op \"frobnicate\" is not implemented", e.Message);
    }

    [Fact]
    public void AWrongGradient_FailsNamingTheInputAndTheWorstElement()
    {
        var testCase = Json("""
        {"name": "neg", "op": "neg", "attrs": {},
         "inputs": [{"shape": [3], "dtype": "float32", "data": [1, 2, 3], "requires_grad": true}],
         "output": {"shape": [3], "dtype": "float32", "data": [-1, -2, -3]},
         "grad_output": {"shape": [3], "dtype": "float32", "data": [1, 1, 1]},
         "grads": [{"shape": [3], "dtype": "float32", "data": [-1, -1, 5]}],
         "rtol": 1e-4, "atol": 1e-5}
        """);
        var e = Assert.ThrowsAny<Exception>(() => new OpsGoldenFormat().Run(testCase, Json(File)));
        Assert.Contains("gradient of input 0", e.Message);
        Assert.Contains("[2] actual -1 expected 5", e.Message);
    }

    [Fact]
    public void EveryBuiltInFile_HasARunnerForItsFormat_AndAnUnknownFormatHasNone()
    {
        foreach (var path in GoldenFiles.Paths(null))
            Assert.True(GoldenFormats.Find(GoldenFiles.Load(path).GetProperty("format").GetString()!) != null, $"no runner for {Path.GetFileName(path)}");
        Assert.Null(GoldenFormats.Find("minitorch-golden-unheard-of/1"));
    }

    [Fact]
    public void AnExtraFolder_AddsItsJsonFilesAfterTheBuiltInOnes()
    {
        var folder = Directory.CreateTempSubdirectory("golden-extra").FullName;
        try
        {
            System.IO.File.WriteAllText(Path.Combine(folder, "more.json"), File);
            System.IO.File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a golden file");
            var paths = GoldenFiles.Paths(folder).ToList();
            Assert.Equal(Path.Combine(folder, "more.json"), paths[^1]);
            Assert.Contains(paths, p => Path.GetFileName(p) == "ops.json");
            Assert.DoesNotContain(paths, p => p.EndsWith(".txt", StringComparison.Ordinal));
            Assert.Equal($"{GoldenFiles.EnvironmentVariable}/more.json", GoldenFiles.DisplayName(paths[^1]));
            Assert.Equal("ops.json", GoldenFiles.DisplayName(paths.First(p => Path.GetFileName(p) == "ops.json")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
