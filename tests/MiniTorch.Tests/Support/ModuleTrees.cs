using FsCheck;
using FsCheck.Fluent;
using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>A module built from a generated description: any mix of parameters, buffers and children.</summary>
public sealed class GeneratedModule : Module
{
    public override string TypeName => "Generated";

    public void AddParameter(string name, TensorData data) => RegisterParameter(name, new Parameter(new Tensor(data)));
    public void AddBuffer(string name, TensorData data, bool persistent) => RegisterBuffer(name, new Tensor(data), persistent);
    public void AddChild(string name, Module child) => RegisterModule(name, child);
}

/// <summary>
/// FsCheck generator of random module trees: random nesting (depth up to 3), parameters
/// (float32/float64) and buffers (float32/float64/int64, persistent or not) of random shapes
/// including 0-d and empty ones, interleaved in random order, and shared submodules (a finished
/// subtree attached a second time elsewhere, so the graph stays acyclic).
/// </summary>
public static class ModuleTrees
{
    private enum Member { Parameter, Buffer, Child, Shared }

    public static Gen<GeneratedModule> Tree() =>
        Gen.Choose(0, int.MaxValue).Select(seed => Build(new System.Random(seed)));

    public static Arbitrary<GeneratedModule> Arbitrary() => Tree().ToArbitrary();

    private static GeneratedModule Build(System.Random rng)
    {
        var finished = new List<Module>();
        return Build(rng, depth: 0, finished);
    }

    private static GeneratedModule Build(System.Random rng, int depth, List<Module> finished)
    {
        var module = new GeneratedModule();
        int members = rng.Next(0, 6);
        for (int i = 0; i < members; i++)
        {
            var kind = (Member)rng.Next(depth < 3 ? 4 : 2);
            string name = $"{kind.ToString().ToLowerInvariant()[0]}{i}";
            switch (kind)
            {
                case Member.Parameter:
                    module.AddParameter(name, RandomTensor(rng, rng.Next(2) == 0 ? DType.Float32 : DType.Float64));
                    break;
                case Member.Buffer:
                    var dtype = (DType)rng.Next(3); // Float32, Float64, Int64
                    module.AddBuffer(name, RandomTensor(rng, dtype), persistent: rng.Next(3) != 0);
                    break;
                case Member.Child:
                    module.AddChild(name, Build(rng, depth + 1, finished));
                    break;
                case Member.Shared when finished.Count > 0:
                    module.AddChild(name, finished[rng.Next(finished.Count)]);
                    break;
            }
        }
        finished.Add(module);
        return module;
    }

    public static TensorData RandomTensor(System.Random rng, DType dtype)
    {
        int rank = rng.Next(0, 4);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = rng.Next(0, 5);
        var t = TensorData.Zeros(dtype, shape);
        var values = new double[t.Numel];
        for (int i = 0; i < values.Length; i++) values[i] = dtype == DType.Int64 ? rng.Next(-1000, 1000) : rng.NextDouble() * 4 - 2;
        t.CopyFrom(TensorData.FromArray(values, shape));
        return t;
    }
}
