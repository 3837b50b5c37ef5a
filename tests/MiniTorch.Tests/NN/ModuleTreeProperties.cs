using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.NN;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.NN;

public class ModuleTreeProperties
{
    [Property(MaxTest = 200)]
    public Property StateDictKeys_AreEachModulesParametersThenPersistentBuffers_InPreOrder() =>
        Prop.ForAll(ModuleTrees.Arbitrary(), model =>
        {
            // Expected order, from first principles: walk every path (no de-duplication); per
            // module its own parameters, then its persistent buffers.
            var expected = new List<string>();
            foreach (var (path, module) in model.NamedModules(removeDuplicate: false))
            {
                string prefix = path.Length == 0 ? "" : path + ".";
                expected.AddRange(module.NamedParameters(recurse: false).Select(p => prefix + p.Name));
                expected.AddRange(module.NamedBuffers(recurse: false)
                    .Where(b => module.IsPersistentBuffer(b.Name)).Select(b => prefix + b.Name));
            }
            var keys = model.StateDict().Keys.ToList();
            // As sets, the keys are exactly the named parameters plus the persistent named buffers.
            var persistent = model.NamedModules(removeDuplicate: false)
                .SelectMany(m => m.Module.NamedBuffers(recurse: false)
                    .Where(b => m.Module.IsPersistentBuffer(b.Name))
                    .Select(b => (m.Name.Length == 0 ? "" : m.Name + ".") + b.Name));
            var named = model.NamedParameters(removeDuplicate: false).Select(p => p.Name).Concat(persistent).ToHashSet();
            return keys.SequenceEqual(expected) && named.SetEquals(keys);
        });

    [Property(MaxTest = 200)]
    public Property ACorrectStateDict_RoundTripsExactly() =>
        Prop.ForAll(ModuleTrees.Arbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (model, seed) =>
        {
            var rng = new System.Random(seed);
            // New random values of the right shape and dtype for every key.
            var incoming = new StateDict();
            foreach (var (key, value) in model.StateDict())
            {
                incoming[key] = new Tensor(RandomLike(value.Data, rng));
            }
            var result = model.LoadStateDict(incoming);
            var after = model.StateDict();
            return result.AllMatched && after.Keys.SequenceEqual(incoming.Keys)
                // Shared modules appear under several keys: the last loaded value wins for all of them.
                && after.All(kv => Bits(kv.Value.Data).SequenceEqual(Bits(LastValueFor(incoming, after, kv.Key))));
        });

    [Property(MaxTest = 200)]
    public Property AStateDictWithOneDefect_RaisesUnderStrict_AndChangesNothing() =>
        Prop.ForAll(ModuleTrees.Arbitrary(), Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (model, defect, seed) =>
        {
            var rng = new System.Random(seed);
            var current = model.StateDict();
            var before = current.ToDictionary(kv => kv.Key, kv => Bits(kv.Value.Data));
            var incoming = new StateDict();
            foreach (var (key, value) in current)
                incoming[key] = new Tensor(TensorData.Full(value.Data.ShapeArray(), 1, value.DType));
            var keys = incoming.Keys.ToList();
            switch (defect)
            {
                case 0 when keys.Count > 0: incoming.Remove(keys[rng.Next(keys.Count)]); break;               // missing key
                case 1: incoming["no_such_module.weight"] = new Tensor(TensorData.Zeros(DType.Float32, 1)); break; // extra key
                case 2 when keys.Count > 0:                                                                     // wrong shape
                    var k2 = keys[rng.Next(keys.Count)];
                    incoming[k2] = new Tensor(TensorData.Zeros(incoming[k2].DType, incoming[k2].Data.Numel + 1));
                    break;
                case 3 when keys.Count > 0:                                                                     // wrong dtype
                    var k3 = keys[rng.Next(keys.Count)];
                    var other = incoming[k3].DType == DType.Float32 ? DType.Float64 : DType.Float32;
                    incoming[k3] = new Tensor(TensorData.Zeros(other, incoming[k3].Data.ShapeArray()));
                    break;
                default: return true.Label("no key to damage in an empty state dict");
            }
            bool raised = false;
            try { model.LoadStateDict(incoming); }
            catch (InvalidOperationException) { raised = true; }
            var unchanged = model.StateDict().All(kv => before[kv.Key].SequenceEqual(Bits(kv.Value.Data)));
            return (raised && unchanged).Label($"defect {defect}: raised={raised}, unchanged={unchanged}");
        });

    private static TensorData RandomLike(TensorData like, System.Random rng)
    {
        var t = TensorData.Zeros(like.DType, like.ShapeArray());
        var values = Enumerable.Range(0, t.Numel).Select(_ => like.DType == DType.Int64 ? rng.Next(-50, 50) : rng.NextDouble()).ToArray();
        t.CopyFrom(TensorData.FromArray(values, like.ShapeArray()));
        return t;
    }

    private static TensorData LastValueFor(StateDict incoming, StateDict after, string key)
    {
        // Keys aliasing the same storage (a shared module under two paths) all hold the value loaded last.
        var storage = after[key].Data.Storage;
        string last = key;
        foreach (var k in after.Keys) if (ReferenceEquals(after[k].Data.Storage, storage)) last = k;
        return incoming[last].Data;
    }

    private static long[] Bits(TensorData t) => t.DType switch
    {
        DType.Float32 => t.ToArray<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
        DType.Float64 => t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray(),
        _ => t.ToArray<long>(),
    };
}
