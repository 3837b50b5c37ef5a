using System.Diagnostics;
using MiniTorch.NN;
using MiniTorch.Serialization;
using MiniTorch.Tensors;
using static MiniTorch.Tests.Serialization.CheckpointGenerators;

namespace MiniTorch.Tests.Serialization;

public sealed class CheckpointTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("minitorch-ckpt-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private string[] StrayTemporaryFiles() => Directory.GetFiles(_folder.FullName, "*.tmp-*");

    private static StateModule Model(double fill)
    {
        var child = new StateModule();
        child.AddParameter("weight", TensorData.Full([2, 3], fill));
        child.AddBuffer("num_batches_tracked", TensorData.Scalar(7, DType.Int64), persistent: true);
        child.AddBuffer("cache", TensorData.Full([2], fill), persistent: false);
        var root = new StateModule();
        root.AddParameter("scale", TensorData.Full([1], fill, DType.Float64));
        root.AddChild("bn", child);
        return root;
    }

    [Fact]
    public void SaveStateDict_ThenLoadStateDict_RestoresEveryPersistentTensor_InPlace()
    {
        var path = PathOf("model.safetensors");
        var source = Model(1.5);
        Checkpoint.SaveStateDict(source, path);

        var target = Model(0);
        var weight = target.GetParameter("bn.weight");
        var result = Checkpoint.LoadStateDict(target, path);
        Assert.True(result.AllMatched);
        Assert.Same(weight, target.GetParameter("bn.weight"));
        AssertSameBits(Snapshot(source).Where(kv => kv.Key != "bn.cache"), Snapshot(target).Where(kv => kv.Key != "bn.cache"));
        Assert.Equal([0.0, 0.0], target.GetBuffer("bn.cache")!.ToDoubleArray());
        Assert.Empty(StrayTemporaryFiles());
    }

    [Fact]
    public void SavedFiles_CarryFormatPt_AndTheCallersMetadata_ButNoModuleVersions()
    {
        var path = PathOf("m.safetensors");
        Checkpoint.SaveStateDict(Model(1), path, new Dictionary<string, string> { ["epoch"] = "3" });
        var header = SafeTensors.ReadHeader(path);
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "3", ["format"] = "pt" }, header.Metadata);
        Assert.Equal(["bn.num_batches_tracked", "scale", "bn.weight"], header.Entries.Select(e => e.Name)); // I64, F64, F32
        Assert.Equal(SafeTensorsDType.I64, header.Entries[0].DType);
        Assert.Null(Checkpoint.Load(path).Metadata);
    }

    [Fact]
    public void MissingAndUnexpectedKeys_FollowLoadStateDictsRules_AndChangeNothingUnderStrict()
    {
        var path = PathOf("partial.safetensors");
        var sd = Model(2).StateDict();
        sd.Remove("scale");
        sd["bn.extra"] = new Tensor(TensorData.Zeros(DType.Float32, 1));
        Checkpoint.SaveStateDict(sd, path);

        var target = Model(0);
        var before = Snapshot(target);
        var e = Assert.Throws<InvalidOperationException>(() => Checkpoint.LoadStateDict(target, path));
        Assert.Contains("Missing key(s) in state_dict: \"scale\"", e.Message);
        Assert.Contains("Unexpected key(s) in state_dict: \"bn.extra\"", e.Message);
        AssertSameBits(before, Snapshot(target));

        var result = Checkpoint.LoadStateDict(target, path, strict: false);
        Assert.Equal(["scale"], result.MissingKeys);
        Assert.Equal(["bn.extra"], result.UnexpectedKeys);
        Assert.Equal([2.0, 2, 2, 2, 2, 2], target.GetParameter("bn.weight").ToDoubleArray());
    }

    [Fact]
    public void ABadFile_RaisesTheFormatException_AndLeavesTheModuleUnchanged()
    {
        var path = PathOf("bad.safetensors");
        Checkpoint.SaveStateDict(Model(3), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1]); // the last byte of the data is missing

        var target = Model(0);
        var before = Snapshot(target);
        var e = Assert.Throws<SafeTensorsFormatException>(() => Checkpoint.LoadStateDict(target, path));
        Assert.Equal(SafeTensorsCheck.IncompleteBuffer, e.Check);
        AssertSameBits(before, Snapshot(target));
    }

    [Fact]
    public void TiedTensors_AreWrittenOncePerKey_AndLoadIntoBothPlaces()
    {
        var shared = new Parameter(new Tensor(TensorData.FromArray([1f, 2f], 2)));
        var a = new StateModule();
        a.RegisterParameter("weight", shared);
        var b = new StateModule();
        b.RegisterParameter("weight", shared);
        var root = new StateModule();
        root.AddChild("encoder", a);
        root.AddChild("decoder", b);
        var path = PathOf("tied.safetensors");
        Checkpoint.SaveStateDict(root, path);

        var header = SafeTensors.ReadHeader(path);
        Assert.Equal([(0L, 8L), (8L, 16L)], header.Entries.Select(e => (e.Begin, e.End))); // two byte ranges, no aliasing
        var loaded = Checkpoint.Load(path);
        Assert.NotSame(loaded["decoder.weight"].Data.Storage, loaded["encoder.weight"].Data.Storage);
        Assert.Equal([1.0, 2.0], loaded["encoder.weight"].ToDoubleArray());
        Assert.Equal([1.0, 2.0], loaded["decoder.weight"].ToDoubleArray());
    }

    // ------------------------------------------------------------------ atomic saving

    /// <summary>Passes writes through until <paramref name="failAfter"/> bytes, then throws, like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter)
            {
                inner.Write(buffer[..(int)(failAfter - _written)]);
                throw new IOException("injected failure: no space left on device");
            }
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(100)]
    [InlineData(300)]
    public void AnExceptionMidWrite_LeavesThePreviousCheckpointByteIdentical_AndNoTemporaryFile(int failAfter)
    {
        var path = PathOf("atomic.safetensors");
        Checkpoint.SaveStateDict(Model(1), path);
        var previous = File.ReadAllBytes(path);

        var bigger = Model(2).StateDict();
        bigger["bn.more"] = new Tensor(TensorData.Zeros(DType.Float32, 100));
        var e = Assert.Throws<IOException>(() =>
            SafeTensors.Save(path, bigger, null, s => new FailingStream(s, failAfter)));
        Assert.Contains("injected failure", e.Message);
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Empty(StrayTemporaryFiles());
    }

    [Fact]
    public void ArgumentErrors_AreRaisedBeforeAnyFileIsTouched()
    {
        var path = PathOf("args.safetensors");
        Checkpoint.SaveStateDict(Model(1), path);
        var previous = File.ReadAllBytes(path);
        var one = new Tensor(TensorData.Zeros(DType.Float32, 1));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [KeyValuePair.Create("x", one), KeyValuePair.Create("x", one)]));
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Empty(StrayTemporaryFiles());
    }

    [Fact]
    public void SavingOverAnExistingFile_ReplacesIt()
    {
        var path = PathOf("replace.safetensors");
        File.WriteAllText(path, "old content");
        Checkpoint.SaveStateDict(Model(4), path);
        Assert.Equal([4.0, 4, 4, 4, 4, 4], Checkpoint.Load(path)["bn.weight"].ToDoubleArray());
        Assert.Empty(StrayTemporaryFiles());
    }

    // ------------------------------------------------------------------ memory

    [Fact]
    [Trait("Category", "Slow")]
    public void LoadingA64MegabyteFile_AllocatesLittleMoreThanItsTensors()
    {
        const int elements = 16 * 1024 * 1024; // 64 MiB of float32
        var path = PathOf("big.safetensors");
        var t = TensorData.Zeros(DType.Float32, elements);
        var span = t.Span<float>();
        for (int i = 0; i < span.Length; i += 4093) span[i] = i;
        var clock = Stopwatch.StartNew();
        SafeTensors.Save(path, [KeyValuePair.Create("w", new Tensor(t))]);
        var saveTime = clock.Elapsed;
        t = null;
        span = default;
        GC.Collect();

        clock.Restart();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = SafeTensors.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var loadTime = clock.Elapsed;

        long dataBytes = (long)elements * sizeof(float);
        output.WriteLine($"64 MiB file: saved in {saveTime.TotalMilliseconds:F0} ms, loaded in {loadTime.TotalMilliseconds:F0} ms, allocating {allocated:N0} bytes for {dataBytes:N0} bytes of data");
        Assert.InRange(allocated, dataBytes, dataBytes + 256 * 1024);
        var w = loaded.Tensors["w"].Data.Span<float>();
        for (int i = 0; i < w.Length; i += 4093) Assert.Equal(i, w[i]);
        Assert.Equal(0f, w[1]);
    }
}
