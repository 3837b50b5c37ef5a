using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Serialization;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Serialization.CheckpointGenerators;

namespace MiniTorch.Tests.Serialization;

public class SafeTensorsRoundTripTests
{
    // The reference layout order of the dtypes MiniTorch writes (the format's enum reversed): I64, F64, F32, BOOL.
    private static int LayoutRank(DType d) => d switch { DType.Int64 => 0, DType.Float64 => 1, DType.Float32 => 2, _ => 3 };

    private static int CompareUtf8(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    [Property(MaxTest = 100)]
    public Property ModuleTree_SaveThenLoad_IsBitIdentical_InReferenceKeyOrder_WithoutNonPersistentBuffers() =>
        Prop.ForAll(Module().ToArbitrary(), spec =>
        {
            var module = spec.Build();
            var stateDict = module.StateDict();
            var bytes = Serialize(module);

            var loaded = SafeTensors.Load(new MemoryStream(bytes));
            var expectedOrder = stateDict.Keys.ToList();
            expectedOrder.Sort((a, b) => LayoutRank(stateDict[a].DType) != LayoutRank(stateDict[b].DType)
                ? LayoutRank(stateDict[a].DType) - LayoutRank(stateDict[b].DType) : CompareUtf8(a, b));
            Assert.Equal(expectedOrder, loaded.Tensors.Keys);
            foreach (var (key, tensor) in stateDict)
            {
                var back = loaded.Tensors[key];
                Assert.Equal(tensor.DType, back.DType);
                Assert.Equal(tensor.Shape.ToArray(), back.Shape.ToArray());
                Assert.Equal(RawBytes(tensor.Data), RawBytes(back.Data));
            }
            foreach (var key in spec.NonPersistentKeys()) Assert.DoesNotContain(key, loaded.Tensors.Keys);

            // Into a twin module holding zeros: every persistent tensor arrives bit for bit, non-persistent buffers stay zero.
            var twin = spec.Build(zeros: true);
            var before = Snapshot(twin);
            Assert.True(Checkpoint.LoadStateDict(twin, new MemoryStream(bytes)).AllMatched);
            var original = Snapshot(module);
            var nonPersistent = spec.NonPersistentKeys().ToHashSet();
            foreach (var (key, raw) in Snapshot(twin))
                Assert.Equal(nonPersistent.Contains(key) ? before[key] : original[key], raw);
        });

    [Fact]
    public void NonPersistentBuffers_AreNotWritten_ButPersistentOnesAre()
    {
        var m = new StateModule();
        m.AddBuffer("kept", TensorData.Arange(3), persistent: true);
        m.AddBuffer("scratch", TensorData.Arange(4), persistent: false);
        var header = SafeTensors.ReadHeader(new MemoryStream(Serialize(m)));
        Assert.Equal(["kept"], header.Entries.Select(e => e.Name));
    }

    [Fact]
    public void LargeTensor_RoundTripsBitForBit()
    {
        var t = FillRandomBits(TensorData.Zeros(DType.Float64, 300, 1001), seed: 7);
        var stream = new MemoryStream();
        SafeTensors.Save(stream, [KeyValuePair.Create("big", new Tensor(t))]);
        stream.Position = 0;
        Assert.Equal(RawBytes(t), RawBytes(SafeTensors.Load(stream).Tensors["big"].Data));
    }

    [Fact]
    public void Metadata_RoundTripsAsGiven()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "line\nbreak \"quoted\" \\ é 😀", [""] = "" };
        var stream = new MemoryStream();
        SafeTensors.Save(stream, [], metadata);
        stream.Position = 0;
        var loaded = SafeTensors.Load(stream);
        Assert.Equal(metadata.OrderBy(kv => kv.Key), loaded.Metadata!.OrderBy(kv => kv.Key));
        Assert.Empty(loaded.Tensors);
    }

    [Fact]
    public void LoadingFromAStream_ReadsFromItsCurrentPosition()
    {
        var stream = new MemoryStream();
        stream.Write("prefix"u8);
        SafeTensors.Save(stream, [KeyValuePair.Create("x", new Tensor(TensorData.Arange(5)))]);
        stream.Position = 6;
        Assert.Equal([0.0, 1, 2, 3, 4], SafeTensors.Load(stream).Tensors["x"].ToDoubleArray());
    }
}
