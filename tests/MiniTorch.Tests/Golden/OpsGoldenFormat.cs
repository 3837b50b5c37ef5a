using System.Text.Json;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Golden;

/// <summary>ops.json (FORMAT.md): one op per case, its output and the gradient of every input.</summary>
public sealed class OpsGoldenFormat : IGoldenFormat
{
    public string Format => "minitorch-golden-ops/1";

    public void Run(JsonElement testCase, JsonElement file)
    {
        var op = testCase.GetProperty("op").GetString()!;
        Assert.True(GoldenOps.Table.TryGetValue(op, out var run), $"op \"{op}\" is not implemented by the golden op table");
        double rtol = testCase.GetProperty("rtol").GetDouble(), atol = testCase.GetProperty("atol").GetDouble();

        // 1-2: a leaf per input; a "view" hands the op a view of the leaf instead.
        var specs = testCase.GetProperty("inputs").EnumerateArray().ToArray();
        var leaves = new Tensor[specs.Length];
        var operands = new Tensor[specs.Length];
        for (int i = 0; i < specs.Length; i++)
        {
            bool requiresGrad = specs[i].TryGetProperty("requires_grad", out var rg) && rg.GetBoolean();
            leaves[i] = new Tensor(GoldenTensors.Parse(specs[i]), requiresGrad);
            operands[i] = specs[i].TryGetProperty("view", out var view) && view.ValueKind != JsonValueKind.Null
                ? ApplyView(leaves[i], view.GetString()!)
                : leaves[i];
        }

        // 3: forward.
        var output = run!(operands, new GoldenOps.Attrs(testCase.GetProperty("attrs")));
        GoldenTensors.AssertClose(output.Data, testCase.GetProperty("output"), rtol, atol, "output");

        // 4: backward from grad_output, then every leaf's gradient.
        var grads = testCase.GetProperty("grads").EnumerateArray().ToArray();
        Assert.Equal(specs.Length, grads.Length);
        if (testCase.TryGetProperty("grad_output", out var gradOutput) && gradOutput.ValueKind != JsonValueKind.Null)
            output.Backward(new Tensor(GoldenTensors.Parse(gradOutput)));
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i].ValueKind == JsonValueKind.Null)
            {
                Assert.True(leaves[i].Grad is null, $"input {i} should have no gradient, but has one");
                continue;
            }
            Assert.True(leaves[i].Grad is not null, $"input {i} (shape {ShapeUtil.Format(leaves[i].Shape)}) received no gradient");
            GoldenTensors.AssertClose(leaves[i].Grad!.Data, grads[i], rtol, atol, $"gradient of input {i}");
        }
    }

    private static Tensor ApplyView(Tensor leaf, string view) => view switch
    {
        "transpose_last2" => leaf.Transpose(-2, -1),
        _ => throw new NotSupportedException($"unknown input view \"{view}\" (FORMAT.md defines \"transpose_last2\")"),
    };
}
