using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Serialization;
using static MiniTorch.Tests.Serialization.CheckpointGenerators;

namespace MiniTorch.Tests.Serialization;

/// <summary>
/// Mutation fuzzing: valid files from generated module trees, damaged at random. Every result
/// must either load exactly what <see cref="SpecOracle"/> reads from the same bytes, or raise
/// <see cref="SafeTensorsFormatException"/> — no other exception — and a module loaded from a
/// file that fails is left bit for bit unchanged.
/// </summary>
public class SafeTensorsFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerFile = 20;
    private const int OnDiskEvery = 25;

    /// <summary>10,000 mutated files per run; 1,000 under qemu emulation (MINITORCH_EMULATED=1).</summary>
    private static int MutatedFileCount => Emulated ? 1_000 : 10_000;

    private sealed class Tally
    {
        public int Files, OnDisk, Loaded, Rejected, ModuleLoaded;
        public readonly int[] PerKind = new int[FileMutator.KindCount];
        public readonly Dictionary<SafeTensorsCheck, int> Checks = [];
    }

    [Fact]
    public void MutatedFiles_LoadAsTheSpecificationReadsThem_OrRaiseTheFormatException_LeavingTheModuleUnchanged()
    {
        var folder = Directory.CreateTempSubdirectory("minitorch-fuzz-");
        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        try
        {
            var cases = Module(depth: 1, allowLarge: false).SelectMany(spec =>
                Gen.ArrayOf(Gen.Zip(Gen.Choose(0, FileMutator.KindCount - 1), Gen.Choose(0, int.MaxValue - 1)), MutationsPerFile)
                    .Select(mutations => (spec, mutations)));
            var property = Prop.ForAll(cases.ToArbitrary(), c =>
            {
                // The file comes from the generated (often strided) tensors; loading goes into a contiguous
                // twin, since copying into an expanded view (stride 0) cannot hold distinct values.
                var valid = Serialize(c.spec.Build(), c.mutations[0].Item2 % 2 == 0 ? new Dictionary<string, string> { ["format"] = "pt" } : null);
                var module = c.spec.Build(zeros: true);
                foreach (var (kind, seed) in c.mutations)
                {
                    var mutated = FileMutator.Apply(valid, kind, seed);
                    bool onDisk = ++tally.Files % OnDiskEvery == 0;
                    string? path = null;
                    if (onDisk)
                    {
                        path = Path.Combine(folder.FullName, $"m{tally.Files}.safetensors");
                        File.WriteAllBytes(path, mutated);
                        tally.OnDisk++;
                    }
                    tally.PerKind[kind]++;
                    try
                    {
                        Verify(mutated, path, module, tally);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new Xunit.Sdk.XunitException($"mutation '{FileMutator.Describe(kind)}' (kind {kind}, seed {seed}) of a {valid.Length}-byte file: {e}");
                    }
                    if (path != null) File.Delete(path);
                }
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(MutatedFileCount / MutationsPerFile), property);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        clock.Stop();

        Assert.True(tally.Files >= MutatedFileCount, $"only {tally.Files} mutated files were checked");
        Assert.True(tally.Loaded > tally.Files / 10, $"only {tally.Loaded} of {tally.Files} mutated files loaded; the fuzzer should exercise successful loads too");
        Assert.True(tally.Rejected > tally.Files / 10, $"only {tally.Rejected} of {tally.Files} mutated files were rejected");
        output.WriteLine($"{tally.Files} mutated files ({tally.OnDisk} on disk) in {clock.Elapsed.TotalSeconds:F2} s: " +
                         $"{tally.Loaded} loaded as the specification reads them, {tally.Rejected} rejected, {tally.ModuleLoaded} loaded into the module");
        output.WriteLine("per mutation kind: " + string.Join(", ", tally.PerKind.Select((count, k) => $"{k}:{count}")));
        output.WriteLine("rejections by check: " + string.Join(", ", tally.Checks.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")));
    }

    private static void Verify(byte[] file, string? path, StateModule module, Tally tally)
    {
        var expected = SpecOracle.Interpret(file);
        SafeTensorsFile? loaded = null;
        SafeTensorsFormatException? error = null;
        try { loaded = path != null ? SafeTensors.Load(path) : SafeTensors.Load(new MemoryStream(file)); }
        catch (SafeTensorsFormatException e) { error = e; } // anything else escapes and fails the test

        switch (expected.Verdict)
        {
            case SpecOracle.Verdict.Invalid:
                Assert.True(error != null, $"the file breaks the format ({expected.Reason}) but loaded");
                break;
            case SpecOracle.Verdict.Unsupported:
                Assert.True(error is { Check: SafeTensorsCheck.UnsupportedDType or SafeTensorsCheck.TensorTooLarge },
                    $"the file is valid but unsupported ({expected.Reason}); got {error?.Check.ToString() ?? "a successful load"}");
                break;
            default:
                Assert.True(error == null, $"a valid file was rejected: {error?.Message}");
                Assert.Equal(expected.Tensors.Select(t => t.Name), loaded!.Tensors.Keys);
                foreach (var t in expected.Tensors)
                {
                    var actual = loaded.Tensors[t.Name];
                    Assert.Equal(t.DType, actual.DType);
                    Assert.Equal(t.Shape, actual.Shape.ToArray());
                    Assert.Equal(t.Bits, SpecOracle.BitsOf(actual.Data));
                }
                break;
        }
        if (error != null)
        {
            tally.Rejected++;
            tally.Checks[error.Check] = tally.Checks.GetValueOrDefault(error.Check) + 1;
        }
        else tally.Loaded++;

        // Into the module the valid file came from: all or nothing.
        var before = Snapshot(module);
        try
        {
            if (path != null) Checkpoint.LoadStateDict(module, path);
            else Checkpoint.LoadStateDict(module, new MemoryStream(file));
            tally.ModuleLoaded++;
            foreach (var (key, tensor) in module.StateDict())
                Assert.Equal(RawBytes(loaded!.Tensors[key].Data), RawBytes(tensor.Data));
        }
        catch (Exception e) when (e is SafeTensorsFormatException or InvalidOperationException)
        {
            _ = e;
            AssertSameBits(before, Snapshot(module));
        }
    }
}
