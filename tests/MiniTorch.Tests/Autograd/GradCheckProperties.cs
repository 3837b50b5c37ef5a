using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Golden;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Autograd;

/// <summary>
/// For every op of the op table with a gradient, on random shapes (broadcasting pairs for binary
/// ops) and deliberately strided float64 inputs, backward agrees with central differences over
/// the whole Jacobian.
/// </summary>
public class GradCheckProperties
{
    /// <summary>A generated case with its leaves; <c>Present</c> turns each leaf into what the op receives.</summary>
    public sealed record Instance(Op Op, GradientCase Case, Tensor[] Leaves, Func<Tensor, Tensor>[] Present)
    {
        public override string ToString() =>
            $"{Op} {Case.Description} | layouts " + string.Join("; ", Leaves.Select(l => $"{ShapeUtil.Format(l.Shape)} strides {ShapeUtil.Format(l.Data.Strides)}"));
    }

    public static IEnumerable<TheoryDataRow<string>> Ops() =>
        OpTable.All.Where(op => op.Gradient != null).Select(op => new TheoryDataRow<string>(op.Name) { TestDisplayName = $"GradCheck passes for {op.Name}" });

    [Theory]
    [MemberData(nameof(Ops))]
    public void GradCheck_AgreesWithCentralDifferences_OnRandomShapesAndStridedLayouts(string op)
    {
        var row = OpTable.Get(op);
        var instances = row.Gradient!.SelectMany(c => Inputs(c, 0, []).Select(inputs =>
            new Instance(row, c, inputs.Select(i => i.Leaf).ToArray(), inputs.Select(i => i.Present).ToArray())));
        var property = Prop.ForAll(instances.ToArbitrary(), instance =>
        {
            Tensor Apply(Tensor[] leaves) => instance.Case.Apply(leaves.Select((l, i) => instance.Present[i](l)).ToArray());
            var result = GradCheck.Check(Apply, instance.Leaves);
            // The check must have compared every (input element, output element) pair of the Jacobian.
            int outputs;
            using (Torch.NoGrad()) outputs = Apply(instance.Leaves).Numel;
            int expected = instance.Leaves.Where(l => l.RequiresGrad).Sum(l => l.Numel) * outputs;
            return (result.JacobianEntries == expected).Label($"compared {result.JacobianEntries} Jacobian entries, expected {expected}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12).WithQuietOnSuccess(true), property);
    }

    [Fact]
    public void GradCheckTable_CoversEveryOpOfTheGoldenFile()
    {
        var golden = GoldenFiles.Load(Path.Combine(AppContext.BaseDirectory, "golden", "ops.json"))
            .GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("op").GetString()!).ToHashSet();
        golden.ExceptWith(OpTable.All.Where(op => op.Gradient != null).Select(op => op.Name));
        Assert.Empty(golden);
    }

    private static Gen<(Tensor Leaf, Func<Tensor, Tensor> Present)[]> Inputs(GradientCase c, int i, (Tensor, Func<Tensor, Tensor>)[] done)
    {
        if (i == c.Shapes.Length) return Gen.Constant(done);
        Gen<(Tensor, Func<Tensor, Tensor>)> next = c.Fixed[i] is { } fixedInput
            ? Gen.Constant<(Tensor, Func<Tensor, Tensor>)>((new Tensor(fixedInput), t => t))
            : Generators.StridedTensor(c.Shapes[i]!, DType.Float64, c.Values[i]).Select(StridedLeaf);
        return next.SelectMany(input => Inputs(c, i + 1, [.. done, input]));
    }

    /// <summary>
    /// A leaf with the view's strides. An expanded view (stride 0) cannot be perturbed one element
    /// at a time, so its leaf is the un-expanded storage and the op receives leaf.Expand(shape).
    /// </summary>
    private static (Tensor, Func<Tensor, Tensor>) StridedLeaf(TensorData view)
    {
        var shape = view.ShapeArray();
        var baseShape = shape.Select((s, d) => view.Strides[d] == 0 ? 1 : s).ToArray();
        if (baseShape.SequenceEqual(shape)) return (new Tensor(view, requiresGrad: true), t => t);
        var stored = new TensorData(view.Storage, baseShape, view.Strides.ToArray(), view.Offset);
        return (new Tensor(stored, requiresGrad: true), t => t.Expand(shape));
    }
}
