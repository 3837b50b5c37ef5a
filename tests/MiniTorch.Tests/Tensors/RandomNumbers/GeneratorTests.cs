using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;

// Not "...Tensors.Random": that namespace would hide System.Random from every test under MiniTorch.Tests.Tensors.
namespace MiniTorch.Tests.Tensors.RandomNumbers;

public class GeneratorTests
{
    // Random123's published known-answer vectors (kat_vectors) for Philox4x32-10: counter, key, output.
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Philox_MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal((e0, e1, e2, e3), Philox.Block(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void Rand_ElementI_IsWordIMod4_OfBlockIDiv4_AfterTheOffset()
    {
        var g = new Generator(0x0123456789ABCDEF);
        TensorData.Rand([3], generator: g); // moves the offset to block 1
        var values = TensorData.Rand([10], generator: g).ToArray<float>();
        for (int i = 0; i < values.Length; i++)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)(1 + i / 4), 0, 0, 0, 0x89ABCDEF, 0x01234567); // key = seed, low word first
            uint word = (i % 4) switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
            Assert.Equal((word >> 8) / 16777216.0, values[i]);
        }
        Assert.Equal(1UL + 3, g.GetState().Offset); // 10 floats take 3 blocks
    }

    [Fact]
    public void SameSeed_GivesSameValues_AndDifferentSeedsDiffer()
    {
        var a = TensorData.Randn([1000], generator: new Generator(42)).ToArray<float>();
        var b = TensorData.Randn([1000], generator: new Generator(42)).ToArray<float>();
        var c = TensorData.Randn([1000], generator: new Generator(43)).ToArray<float>();
        Assert.Equal(a, b);
        Assert.True(a.Zip(c).Count(p => p.First == p.Second) < 5, "seeds 42 and 43 gave nearly the same stream");
    }

    [Fact]
    public void SavedState_RestoredLater_ContinuesTheIdenticalStream()
    {
        var g = new Generator(7);
        TensorData.Rand([5], generator: g);
        byte[] saved = g.GetStateBytes();
        var record = g.GetState();
        var first = TensorData.Randn([33], DType.Float64, g).ToArray<double>();
        var ints = TensorData.RandInt(-5, 5, [9], g).ToArray<long>();

        g.SetState(saved);
        Assert.Equal(first, TensorData.Randn([33], DType.Float64, g).ToArray<double>());
        Assert.Equal(ints, TensorData.RandInt(-5, 5, [9], g).ToArray<long>());

        var other = new Generator(999);
        other.SetState(record);
        Assert.Equal(first, TensorData.Randn([33], DType.Float64, other).ToArray<double>());
    }

    [Fact]
    public void StateBytes_AreTaggedSeedAndOffset_AndForeignBytesAreRejected()
    {
        var state = new GeneratorState(0x1122334455667788, 42);
        var bytes = state.ToBytes();
        Assert.Equal(GeneratorState.ByteLength, bytes.Length);
        Assert.Equal("PHX1"u8.ToArray(), bytes[..4]);
        Assert.Equal(state, GeneratorState.FromBytes(bytes));
        var e = Assert.Throws<ArgumentException>(() => new Generator(1).SetState(new byte[16]));
        Assert.Contains("16 bytes", e.Message);
    }


    [Property(MaxTest = 50)]
    public Property SplittingARequest_AtABlockBoundary_GivesTheSameValues() =>
        Prop.ForAll(Gen.Choose(0, 40).ToArbitrary(), Gen.Choose(0, 90).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (blocks, m, seed) =>
        {
            // float32 uniforms: 4 per block; 64-bit kinds and normals: 2 per block.
            var whole = TensorData.Rand([blocks * 4 + m], generator: new Generator((ulong)seed)).ToArray<float>();
            var g = new Generator((ulong)seed);
            var split = TensorData.Rand([blocks * 4], generator: g).ToArray<float>().Concat(TensorData.Rand([m], generator: g).ToArray<float>());

            var wholeN = TensorData.Randn([blocks * 2 + m], DType.Float64, new Generator((ulong)seed)).ToArray<double>();
            var gn = new Generator((ulong)seed);
            var splitN = TensorData.Randn([blocks * 2], DType.Float64, gn).ToArray<double>().Concat(TensorData.Randn([m], DType.Float64, gn).ToArray<double>());
            return whole.SequenceEqual(split) && wholeN.SequenceEqual(splitN);
        });

    [Fact]
    public void Values_DependOnElementCountNotShape()
    {
        var flat = TensorData.Randn([24], generator: new Generator(5)).ToArray<float>();
        var shaped = TensorData.Randn([2, 3, 4], generator: new Generator(5));
        Assert.Equal(new[] { 2, 3, 4 }, shaped.ShapeArray());
        Assert.Equal(flat, shaped.ToArray<float>());
    }

    [Fact]
    public void ConcurrentRequests_OnOneGenerator_GetDisjointBlocks()
    {
        var g = new Generator(11);
        var results = new float[8][];
        Parallel.For(0, 8, i => results[i] = TensorData.Rand([400], generator: g).ToArray<float>());
        var all = results.SelectMany(r => r).ToArray();
        Assert.Equal(8UL * 100, g.GetState().Offset);
        // Eight disjoint 100-block runs cover blocks 0..799: the same multiset as one request of 3200.
        var single = TensorData.Rand([3200], generator: new Generator(11)).ToArray<float>();
        Assert.Equal(single.Order(), all.Order());
    }
}

/// <summary>Tests that reseed the process-wide <see cref="Generator.Default"/> run alone.</summary>
[CollectionDefinition(nameof(DefaultGeneratorCollection), DisableParallelization = true)]
public sealed class DefaultGeneratorCollection;

[Collection(nameof(DefaultGeneratorCollection))]
public class DefaultGeneratorTests
{
    [Fact]
    public void ManualSeed_ReseedsTheDefaultGenerator_LikeTorchManualSeed()
    {
        Generator.ManualSeed(1234);
        var a = TensorData.Rand([17]).ToArray<float>();
        Generator.ManualSeed(1234);
        var b = TensorData.Rand([17]).ToArray<float>();
        Assert.Equal(a, b);
        Assert.Equal(1234UL, Generator.Default.InitialSeed);
        Assert.Equal(a, TensorData.Rand([17], generator: new Generator(1234)).ToArray<float>());
    }
}
