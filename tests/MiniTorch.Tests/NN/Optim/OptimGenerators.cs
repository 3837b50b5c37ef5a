using FsCheck;
using FsCheck.Fluent;
using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Optim;

/// <summary>Which optimizer to build and each group's complete settings.</summary>
public sealed record OptimSetup(string Kind, OptimizerOptions[] GroupOptions)
{
    /// <summary>Builds the optimizer over <paramref name="groups"/> (one tensor list per entry of <see cref="GroupOptions"/>).</summary>
    public Optimizer Create(IReadOnlyList<IReadOnlyList<Tensor>> groups) => Kind switch
    {
        "SGD" => new Sgd(groups.Select((g, i) => new ParamGroup<SgdOptions>(g, (SgdOptions)GroupOptions[i]))),
        "Adam" => new Adam(groups.Select((g, i) => new ParamGroup<AdamOptions>(g, (AdamOptions)GroupOptions[i]))),
        _ => new AdamW(groups.Select((g, i) => new ParamGroup<AdamOptions>(g, (AdamOptions)GroupOptions[i]))),
    };

    public override string ToString() => $"{Kind} [{string.Join("; ", GroupOptions.Select(o => o.ToString()))}]";
}

/// <summary>
/// A random optimization run: settings, parameters (each in a group), and per step one gradient
/// per parameter or null (no gradient that step).
/// </summary>
public sealed record OptimScenario(OptimSetup Setup, TensorData[] Initial, int[] GroupOf, TensorData?[][] Grads)
{
    public Parameter[] NewParameters() => [.. Initial.Select(t => new Parameter(new Tensor(t.Clone())))];

    public IReadOnlyList<IReadOnlyList<Tensor>> Grouped(IReadOnlyList<Tensor> parameters) =>
        [.. Enumerable.Range(0, Setup.GroupOptions.Length).Select(g => (IReadOnlyList<Tensor>)[.. parameters.Where((_, i) => GroupOf[i] == g)])];

    /// <summary>Sets every parameter's gradient for <paramref name="step"/> (fresh tensors, so runs never share them).</summary>
    public void SetGrads(IReadOnlyList<Tensor> parameters, int step)
    {
        for (int i = 0; i < parameters.Count; i++)
            parameters[i].Grad = Grads[step][i] is { } g ? new Tensor(g.Clone()) : null;
    }

    public override string ToString() =>
        $"{Setup}; shapes {string.Join(" ", Initial.Select(t => ShapeUtil.Format(t.Shape)))}; groups [{string.Join(",", GroupOf)}]; " +
        $"{Grads.Length} steps, null grads: {string.Join(" ", Grads.Select(s => string.Concat(s.Select(g => g is null ? '0' : '1'))))}";
}

/// <summary>FsCheck generators for optimizer settings and whole runs.</summary>
public static class OptimGenerators
{
    public static Gen<SgdOptions> Sgd() =>
        from lr in Gen.Elements(0.0, 1e-3, 0.01, 0.1, 0.5)
        from momentum in Gen.Elements(0.0, 0.5, 0.9)
        from dampening in Gen.Elements(0.0, 0.1, 0.5)
        from weightDecay in Gen.Elements(0.0, 0.01, 0.1)
        from nesterov in Gen.Elements(false, true)
        from maximize in Gen.Elements(false, true)
        let useNesterov = nesterov && momentum > 0
        select new SgdOptions
        {
            Lr = lr, Momentum = momentum, Dampening = useNesterov ? 0 : dampening, WeightDecay = weightDecay,
            Nesterov = useNesterov, Maximize = maximize,
        };

    public static Gen<AdamOptions> Adam(bool adamW) =>
        from lr in Gen.Elements(0.0, 1e-3, 0.01, 0.1)
        from beta1 in Gen.Elements(0.0, 0.5, 0.9)
        from beta2 in Gen.Elements(0.0, 0.9, 0.999)
        from eps in Gen.Elements(1e-8, 1e-3)
        from weightDecay in Gen.Elements(0.0, 0.01, 0.1)
        from amsgrad in Gen.Elements(false, true)
        from maximize in Gen.Elements(false, true)
        from decoupled in Gen.Elements(false, true)
        select (adamW ? new AdamWOptions() : new AdamOptions()) with
        {
            Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, Amsgrad = amsgrad,
            Maximize = maximize, DecoupledWeightDecay = adamW || decoupled,
        };

    public static Gen<OptimSetup> Setup() =>
        from kind in Gen.Elements("SGD", "Adam", "AdamW")
        from groups in Gen.Choose(1, 2)
        from options in Gen.ArrayOf(kind == "SGD" ? Sgd().Select(o => (OptimizerOptions)o) : Adam(kind == "AdamW").Select(o => (OptimizerOptions)o), groups)
        select new OptimSetup(kind, options);

    /// <summary>1..4 float32 or float64 parameters (sizes crossing the vector widths, empty ones included) and 1..maxSteps steps.</summary>
    public static Gen<OptimScenario> Scenario(int maxSteps = 5) =>
        from setup in Setup()
        from dtype in Gen.Elements(DType.Float32, DType.Float32, DType.Float64)
        from count in Gen.Choose(1, 4)
        from shapes in Gen.ArrayOf(Gen.Frequency((6, Generators.NonEmptyShape(3, 5)), (1, Generators.Shape(2, 40))), count)
        from groupOf in Gen.ArrayOf(Gen.Choose(0, setup.GroupOptions.Length - 1), count)
        from initial in Sequence(shapes.Select(s => Generators.Tensor(s, dtype)))
        from steps in Gen.Choose(1, maxSteps)
        from grads in Gen.ArrayOf(Sequence(shapes.Select(s => Gen.Frequency(
            (1, Gen.Constant<TensorData?>(null)),
            (3, Generators.Tensor(s, dtype).Select(t => (TensorData?)t))))), steps)
        select new OptimScenario(setup, initial, EnsureEveryGroupUsed(groupOf, setup.GroupOptions.Length), grads);

    /// <summary>All elements of each generator, in order.</summary>
    public static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Constant(Array.Empty<T>()), (acc, g) => acc.SelectMany(xs => g.Select(x => (T[])[.. xs, x])));

    // An empty parameter group is legal but says nothing; put the last parameter in the last group when it is empty.
    private static int[] EnsureEveryGroupUsed(int[] groupOf, int groups)
    {
        var result = (int[])groupOf.Clone();
        if (groups == 2 && !result.Contains(1)) result[^1] = 1;
        if (!result.Contains(0) && result.Length > 1) result[0] = 0;
        return result;
    }
}

/// <summary>Bit-level snapshots for "nothing changed" checks.</summary>
public static class Snapshot
{
    public static long[] Bits(TensorData t) => t.DType == DType.Float64
        ? [.. t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits)]
        : [.. t.ToDoubleArray().Select(v => BitConverter.DoubleToInt64Bits(v))];

    public static void AssertBitIdentical(TensorData expected, TensorData actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {ShapeUtil.Format(actual.Shape)} vs {ShapeUtil.Format(expected.Shape)}");
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType.Name()} vs {expected.DType.Name()}");
        Assert.True(Bits(expected).SequenceEqual(Bits(actual)), $"{what}: values differ");
    }

    /// <summary>A deep copy of an optimizer's state for one parameter (null when it has none).</summary>
    public static Dictionary<string, TensorData>? State(Optimizer optimizer, Tensor parameter) =>
        optimizer.GetState(parameter)?.ToDictionary(kv => kv.Key, kv => kv.Value.Data.Clone());

    public static void AssertSameState(Dictionary<string, TensorData>? expected, Optimizer optimizer, Tensor parameter, string what)
    {
        var actual = optimizer.GetState(parameter);
        if (expected is null) { Assert.True(actual is null, $"{what}: state was created"); return; }
        Assert.NotNull(actual);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected) AssertBitIdentical(value, actual[key].Data, $"{what} state \"{key}\"");
    }
}
