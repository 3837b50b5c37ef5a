using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using MiniTorch.NN;
using MiniTorch.Serialization;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Serialization;

/// <summary>A module whose parameters, buffers and children are added from outside, for checkpoint tests.</summary>
internal sealed class StateModule : Module
{
    public void AddParameter(string name, TensorData data) => RegisterParameter(name, new Parameter(new Tensor(data)));
    public void AddBuffer(string name, TensorData data, bool persistent) => RegisterBuffer(name, new Tensor(data), persistent);
    public void AddChild(string name, Module child) => RegisterModule(name, child);
}

/// <summary>One tensor of a generated module: a parameter, a persistent buffer or a non-persistent buffer.</summary>
internal sealed record TensorSpec(string Name, TensorData Value, bool IsParameter, bool Persistent)
{
    public override string ToString() =>
        $"{(IsParameter ? "param" : Persistent ? "buffer" : "buffer(non-persistent)")} {Name}: {Value.DType.Name()} {ShapeUtil.Format(Value.Shape)} strides {ShapeUtil.Format(Value.Strides)}";
}

/// <summary>A generated module tree; <see cref="Build"/> makes the module with these values or with zeros.</summary>
internal sealed record ModuleSpec(IReadOnlyList<TensorSpec> Tensors, IReadOnlyList<(string Name, ModuleSpec Child)> Children)
{
    public StateModule Build(bool zeros = false)
    {
        var m = new StateModule();
        foreach (var t in Tensors)
        {
            var value = zeros ? TensorData.Zeros(t.Value.DType, t.Value.ShapeArray()) : t.Value;
            if (t.IsParameter) m.AddParameter(t.Name, value);
            else m.AddBuffer(t.Name, value, t.Persistent);
        }
        foreach (var (name, child) in Children) m.AddChild(name, child.Build(zeros));
        return m;
    }

    /// <summary>Dotted keys of every non-persistent buffer in the tree.</summary>
    public IEnumerable<string> NonPersistentKeys(string prefix = "") =>
        Tensors.Where(t => !t.IsParameter && !t.Persistent).Select(t => prefix + t.Name)
            .Concat(Children.SelectMany(c => c.Child.NonPersistentKeys(prefix + c.Name + ".")));

    public override string ToString() => Describe("");

    private string Describe(string indent) =>
        string.Concat(Tensors.Select(t => $"\n{indent}{t}")) +
        string.Concat(Children.Select(c => $"\n{indent}{c.Name}:" + c.Child.Describe(indent + "  ")));
}

/// <summary>FsCheck generators for checkpoint tests: module trees with every dtype and layout, and raw bit patterns.</summary>
internal static class CheckpointGenerators
{
    private static readonly string[] TensorNames =
        ["weight", "bias", "running_mean", "running_var", "num_batches_tracked", "w", "b0", "gamma", "mask", "é_ß", "step count"];
    private static readonly string[] ChildNames = ["0", "1", "layer", "encoder", "bn", "linear2"];
    private static readonly DType[] AllDTypes = [DType.Float32, DType.Float64, DType.Int64, DType.Bool];

    /// <summary>
    /// A tensor of <paramref name="dtype"/> with a random layout (contiguous, permuted, sliced or
    /// expanded, from <see cref="Generators.StridedTensor"/>) whose storage holds random bit
    /// patterns — NaNs with payloads, infinities, subnormals and -0 included.
    /// </summary>
    public static Gen<TensorData> Tensor(DType dtype, bool large = false) =>
        (large ? Gen.Elements<int[]>([100_000], [250, 400], [2, 50_000]) : Generators.Shape(maxRank: 3, maxDim: 5))
            .SelectMany(shape => Generators.StridedTensor(shape, dtype, Gen.Constant(0.0)))
            .SelectMany(t => Gen.Choose(0, int.MaxValue - 1).Select(seed => FillRandomBits(t, seed)));

    public static TensorData FillRandomBits(TensorData t, int seed)
    {
        var random = new Random(seed);
        var storage = t.Storage;
        switch (t.DType)
        {
            case DType.Float32: random.NextBytes(MemoryMarshal.AsBytes(storage.AsSpan<float>())); break;
            case DType.Float64: random.NextBytes(MemoryMarshal.AsBytes(storage.AsSpan<double>())); break;
            case DType.Int64: random.NextBytes(MemoryMarshal.AsBytes(storage.AsSpan<long>())); break;
            case DType.Bool:
                foreach (ref bool b in storage.AsSpan<bool>()) b = random.Next(2) == 1;
                break;
        }
        return t;
    }

    private static Gen<TensorSpec> TensorSpecGen(string name, bool allowLarge) =>
        (allowLarge ? Gen.Frequency((40, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)).SelectMany(large =>
            Gen.Frequency(
                (3, Gen.Elements(DType.Float32, DType.Float64).SelectMany(d => Tensor(d, large)).Select(v => new TensorSpec(name, v, true, true))),
                (4, Gen.Elements(AllDTypes).SelectMany(d => Tensor(d, large)).SelectMany(v =>
                    Gen.Elements(true, true, false).Select(p => new TensorSpec(name, v, false, p))))));

    /// <summary>A module tree up to <paramref name="depth"/> levels below the root; now and then a tensor has 100,000 elements.</summary>
    public static Gen<ModuleSpec> Module(int depth = 2, bool allowLarge = true) =>
        Gen.Choose(0, 4).SelectMany(tensorCount =>
        Gen.Choose(0, depth > 0 ? 2 : 0).SelectMany(childCount =>
        Gen.Shuffle(TensorNames).SelectMany(names =>
        Gen.Shuffle(ChildNames).SelectMany(childNames =>
        Gen.CollectToArray(names.Take(tensorCount), n => TensorSpecGen(n, allowLarge)).SelectMany(tensors =>
        Gen.CollectToArray(childNames.Take(childCount), n => Module(depth - 1, allowLarge).Select(c => (n, c)))
            .Select(children => new ModuleSpec(tensors, children)))))));

    /// <summary>A tensor's elements in row-major order as raw bytes (NaN payloads kept).</summary>
    public static byte[] RawBytes(TensorData t)
    {
        var c = t.Contiguous();
        return c.DType switch
        {
            DType.Float32 => MemoryMarshal.AsBytes(c.Span<float>()).ToArray(),
            DType.Float64 => MemoryMarshal.AsBytes(c.Span<double>()).ToArray(),
            DType.Int64 => MemoryMarshal.AsBytes(c.Span<long>()).ToArray(),
            DType.Bool => MemoryMarshal.AsBytes(c.Span<bool>()).ToArray(),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Every state-dict tensor of <paramref name="m"/> (and its non-persistent buffers) as raw bytes, to detect any change.</summary>
    public static Dictionary<string, byte[]> Snapshot(Module m) =>
        m.NamedBuffers().Select(b => (b.Name, b.Buffer)).Concat(m.NamedParameters().Select(p => (p.Name, (Tensor)p.Parameter)))
            .ToDictionary(e => e.Item1, e => RawBytes(e.Item2.Data));

    /// <summary>Asserts two snapshots hold the same keys with bit-identical contents.</summary>
    public static void AssertSameBits(IEnumerable<KeyValuePair<string, byte[]>> expected, IEnumerable<KeyValuePair<string, byte[]>> actual)
    {
        var e = expected.ToList();
        var a = actual.ToDictionary();
        Assert.Equal(e.Select(kv => kv.Key).Order(StringComparer.Ordinal), a.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, bytes) in e) Assert.True(bytes.AsSpan().SequenceEqual(a[key]), $"{key} differs");
    }

    /// <summary>A safetensors file of <paramref name="m"/>'s state dict, in memory.</summary>
    public static byte[] Serialize(Module m, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, m.StateDict(), metadata);
        return stream.ToArray();
    }

    /// <summary>True when the suite runs under qemu emulation (the CI's arm64 job), where work is scaled down.</summary>
    public static bool Emulated => Environment.GetEnvironmentVariable("MINITORCH_EMULATED") == "1";
}
