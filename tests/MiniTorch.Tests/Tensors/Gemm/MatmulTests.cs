using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Gemm;
using MiniTorch.Tensors.Parallel;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Gemm;

public class MatmulTests(ITestOutputHelper output)
{
    private static readonly DType[] FloatTypes = [DType.Float32, DType.Float64];

    /// <summary>Sizes that hit every edge of the micro-tile: 1, primes, and MR/NR and their neighbours.</summary>
    private static Gen<int> TileDim(DType dtype)
    {
        var (mr, nr, _, _, _) = dtype == DType.Float32 ? GemmDispatch.Blocking<float>() : GemmDispatch.Blocking<double>();
        int[] interesting = [1, 2, 3, 5, 7, 11, 13, 17, 31, 37, mr - 1, mr, mr + 1, nr - 1, nr, nr + 1, 2 * nr + 1, 3 * mr - 1];
        return Gen.Frequency((3, Gen.Elements(interesting.Where(d => d > 0).ToArray())), (2, Gen.Choose(1, 48)));
    }

    private static Gen<(DType DType, int M, int K, int N)> Sizes() =>
        Gen.Elements(FloatTypes).SelectMany(dt =>
            TileDim(dt).SelectMany(m => TileDim(dt).SelectMany(k => TileDim(dt).Select(n => (dt, m, k, n)))));

    /// <summary>Runs <paramref name="gemm"/> and checks it against the double triple loop.</summary>
    private static void CheckProduct(TensorData a, TensorData b, TensorData c, string context)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var (expected, magnitude) = GemmReference.Matmul(a.ToDoubleArray(), b.ToDoubleArray(), m, k, n);
        GemmReference.AssertClose(c.ToDoubleArray(), expected, magnitude, k, a.DType, $"{context} {m}x{k}x{n} {a.DType.Name()}");
    }

    [Property(MaxTest = 60)]
    public Property Gemm_MatchesDoubleReference_OnBothPathsAtTileEdgeSizes() =>
        Prop.ForAll(Sizes().SelectMany(s => Generators.Tensor([s.M, s.K], s.DType).SelectMany(a =>
            Generators.Tensor([s.K, s.N], s.DType).Select(b => (a, b)))).ToArbitrary(), ab =>
        {
            var (a, b) = ab;
            foreach (bool small in new[] { true, false })
            {
                GemmTuning.ForceSmallPath = small;
                try
                {
                    var c = TensorData.Zeros(a.DType, a.Shape[0], b.Shape[1]);
                    TensorData.Gemm(a, b, c);
                    CheckProduct(a, b, c, small ? "small path" : "packed path");
                }
                finally { GemmTuning.ForceSmallPath = null; }
            }
        });

    [Property(MaxTest = 60)]
    public Property Matmul_ReadsTransposedAndStridedOperandsThroughTheirStrides() =>
        Prop.ForAll(Sizes().SelectMany(s => Generators.StridedTensor([s.M, s.K], s.DType).SelectMany(a =>
            Generators.StridedTensor([s.K, s.N], s.DType).Select(b => (a, b)))).ToArbitrary(), ab =>
        {
            var (a, b) = ab;
            CheckProduct(a, b, a.Matmul(b), $"strides {ShapeUtil.Format(a.Strides)} x {ShapeUtil.Format(b.Strides)}");
        });

    [Property(MaxTest = 40)]
    public Property Gemm_AccumulatesIntoTransposedOrSlicedOutputs() =>
        Prop.ForAll(Sizes().SelectMany(s => Generators.Tensor([s.M, s.K], s.DType).SelectMany(a =>
            Generators.Tensor([s.K, s.N], s.DType).SelectMany(b =>
                Generators.StridedTensor([s.M, s.N], s.DType).Select(c => (a, b, c))))).ToArbitrary(), abc =>
        {
            var (a, b, c0) = abc;
            if (c0.Strides.Contains(0)) c0 = c0.Clone(); // an expanded view cannot be written
            // Transposed output: a view of a [n, m] storage.
            var c = TensorData.Zeros(c0.DType, c0.Shape[1], c0.Shape[0]).Transpose(0, 1);
            c.CopyFrom(c0);
            var before = c.ToDoubleArray();
            TensorData.Gemm(a, b, c, accumulate: true);
            int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
            var (product, magnitude) = GemmReference.Matmul(a.ToDoubleArray(), b.ToDoubleArray(), m, k, n);
            var expected = product.Select((v, i) => v + before[i]).ToArray();
            var bound = magnitude.Select((v, i) => v + Math.Abs(before[i])).ToArray();
            GemmReference.AssertClose(c.ToDoubleArray(), expected, bound, k + 1, a.DType, "accumulate into transposed C");

            var sliced = TensorData.Zeros(a.DType, m + 1, 2 * n + 1).Slice(0, 1, m + 1).Slice(1, 1, 2 * n + 1, 2);
            TensorData.Gemm(a, b, sliced);
            GemmReference.AssertClose(sliced.ToDoubleArray(), product, magnitude, k, a.DType, "sliced C");
        });

    [Fact]
    [Trait("Category", "Slow")]
    public void Gemm_MatchesDoubleReference_JustAroundEveryCacheBlockSize()
    {
        foreach (var dtype in FloatTypes)
        {
            var (mr, nr, kc, mc, nc) = dtype == DType.Float32 ? GemmDispatch.Blocking<float>() : GemmDispatch.Blocking<double>();
            var cases = new List<(int M, int K, int N)>();
            foreach (int k in new[] { kc - 1, kc, kc + 1, 2 * kc + 1 }) cases.Add((mr + 1, k, nr + 3));
            foreach (int m in new[] { mc - 1, mc, mc + 1 }) cases.Add((m, kc + 1, nr - 1));
            foreach (int n in new[] { nc - 1, nc + 1 }) cases.Add((mr - 1, 3, n));
            // Around the size where the driver starts packing B.
            foreach (int s in new[] { GemmTuning.PackBMinRows, GemmTuning.PackBMinRows + 1 }) cases.Add((s, 5, nr + 1));
            var rng = new Random(3);
            foreach (var (m, k, n) in cases)
            {
                var a = RandomTensor(rng, dtype, m, k);
                var b = RandomTensor(rng, dtype, k, n);
                CheckProduct(a, b, a.Matmul(b), "block edge");
                CheckProduct(a, b, a.Matmul(b.Transpose(0, 1).Contiguous().Transpose(0, 1)), "block edge, transposed B");
            }
        }
        output.WriteLine($"kernel: {GemmDispatch.Describe<float>()}; {GemmDispatch.Describe<double>()}");
    }

    [Fact]
    public void SmallAndPackedPaths_AgreeBitForBit()
    {
        var rng = new Random(5);
        foreach (var dtype in FloatTypes)
            foreach (var (m, k, n) in new[] { (37, 300, 41), (7, 600, 70), (50, 20, 3) })
            {
                var a = RandomTensor(rng, dtype, m, k);
                var b = RandomTensor(rng, dtype, k, n).Transpose(0, 1).Contiguous().Transpose(0, 1);
                var results = new List<long[]>();
                foreach (bool small in new[] { true, false })
                {
                    GemmTuning.ForceSmallPath = small;
                    try { results.Add(GemmReference.Bits(a.Matmul(b))); }
                    finally { GemmTuning.ForceSmallPath = null; }
                }
                Assert.Equal(results[0], results[1]);
            }
    }

    [Fact]
    public void Gemm_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var rng = new Random(7);
        foreach (var dtype in FloatTypes)
            foreach (var (m, k, n) in new[] { (150, 160, 130), (60, 300, 300), (301, 260, 45) })
                foreach (bool? small in new bool?[] { null, true, false })
                {
                    Assert.True((double)m * k * n >= 2 * GemmTuning.MinWorkPerThread, "the product must be large enough to be split");
                    var a = RandomTensor(rng, dtype, m, k);
                    var b = RandomTensor(rng, dtype, k, n);
                    GemmTuning.ForceSmallPath = small;
                    try
                    {
                        var reference = ProductBits(a, b, threads: 1);
                        for (int threads = 2; threads <= 4; threads++)
                            Assert.Equal(reference, ProductBits(a, b, threads));
                    }
                    finally { GemmTuning.ForceSmallPath = null; }
                }
    }

    [Fact]
    public void BatchedMatmul_IsBitIdentical_ForEveryThreadCountFromOneToFour()
    {
        var rng = new Random(11);
        foreach (var dtype in FloatTypes)
        {
            // Each matrix is below the split threshold, the batch above it: the batch is spread over threads.
            Assert.True(16.0 * 60 * 60 * 60 >= 2 * GemmTuning.MinWorkPerThread);
            var a = RandomTensor(rng, dtype, 16, 60, 60);
            var b = RandomTensor(rng, dtype, 16, 60, 60);
            var reference = ProductBits(a, b, threads: 1);
            for (int threads = 2; threads <= 4; threads++)
                Assert.Equal(reference, ProductBits(a, b, threads));
        }
    }

    [Property(MaxTest = 40)]
    public Property Matmul_BroadcastsBatchDimensionsLikeTorch() =>
        Prop.ForAll(BatchCase().ToArbitrary(), c =>
        {
            var (a, b) = c;
            var result = a.Matmul(b);
            var expectedShape = ExpectedMatmulShape(a.ShapeArray(), b.ShapeArray());
            Assert.Equal(expectedShape, result.ShapeArray());
            // Reference: promote to matrices, broadcast, multiply each batch entry in double.
            var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a;
            var b2 = b.Rank == 1 ? b.Unsqueeze(1) : b;
            int m = a2.Shape[^2], k = a2.Shape[^1], n = b2.Shape[^1];
            var batch = ShapeUtil.Broadcast(a2.Shape[..^2], b2.Shape[..^2]);
            var aFull = a2.Expand([.. batch, m, k]).Contiguous().ToDoubleArray();
            var bFull = b2.Expand([.. batch, k, n]).Contiguous().ToDoubleArray();
            int count = ShapeUtil.Numel(batch);
            var expected = new List<double>();
            var magnitude = new List<double>();
            for (int i = 0; i < count; i++)
            {
                var (v, mag) = GemmReference.Matmul(aFull.AsSpan(i * m * k, m * k).ToArray(), bFull.AsSpan(i * k * n, k * n).ToArray(), m, k, n);
                expected.AddRange(v);
                magnitude.AddRange(mag);
            }
            GemmReference.AssertClose(result.ToDoubleArray(), [.. expected], [.. magnitude], k, a.DType,
                $"matmul {ShapeUtil.Format(a.Shape)} x {ShapeUtil.Format(b.Shape)}");
        });

    private static Gen<(TensorData A, TensorData B)> BatchCase() =>
        from dtype in Gen.Elements(FloatTypes)
        from m in Gen.Choose(1, 9)
        from k in Gen.Choose(0, 9)
        from n in Gen.Choose(1, 9)
        from aBatch in Generators.Shape(3, 3)
        from bBatch in Generators.Shape(3, 3)
        from aRank1 in Gen.Elements(true, false)
        from bRank1 in Gen.Elements(true, false)
        let batches = CompatibleBatches(aBatch, bBatch)
        from a in Generators.StridedTensor(aRank1 ? [k] : [.. batches.A, m, k], dtype)
        from b in Generators.StridedTensor(bRank1 ? [k] : [.. batches.B, k, n], dtype)
        select (a, b);

    /// <summary>Makes two batch shapes broadcastable by setting clashing dims of the second to 1.</summary>
    private static (int[] A, int[] B) CompatibleBatches(int[] a, int[] b)
    {
        var fixedB = (int[])b.Clone();
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
            if (a[^i] != b[^i] && a[^i] != 1) fixedB[^i] = 1;
        return (a, fixedB);
    }

    private static int[] ExpectedMatmulShape(int[] a, int[] b)
    {
        if (a.Length == 1 && b.Length == 1) return [];
        var a2 = a.Length == 1 ? [1, a[0]] : a;
        var b2 = b.Length == 1 ? [b[0], 1] : b;
        var shape = ShapeUtil.Broadcast(a2[..^2], b2[..^2]).Concat([a2[^2], b2[^1]]).ToList();
        if (b.Length == 1) shape.RemoveAt(shape.Count - 1);
        if (a.Length == 1) shape.RemoveAt(shape.Count - 2);
        return [.. shape];
    }

    [Fact]
    public void Matmul_OfTwoVectors_IsAZeroDimDotProduct()
    {
        var a = TensorData.FromArray(new[] { 1.0f, 2, 3 }, 3);
        var b = TensorData.FromArray(new[] { 4.0f, -5, 6 }, 3);
        var dot = a.Matmul(b);
        Assert.Equal(0, dot.Rank);
        Assert.Equal(12.0, dot.Item());
    }

    [Fact]
    public void Matmul_WithEmptyInnerDimension_IsZeros_AndEmptyOuterDimensionsGiveEmptyResults()
    {
        var zeros = TensorData.Ones(DType.Float32, 3, 0).Matmul(TensorData.Ones(DType.Float32, 0, 4));
        Assert.Equal([3, 4], zeros.ShapeArray());
        Assert.All(zeros.ToDoubleArray(), v => Assert.Equal(0.0, v));
        var c = TensorData.Ones(DType.Float64, 2, 2);
        TensorData.Gemm(TensorData.Ones(DType.Float64, 2, 0), TensorData.Ones(DType.Float64, 0, 2), c, accumulate: true);
        Assert.All(c.ToDoubleArray(), v => Assert.Equal(1.0, v));
        Assert.Equal([0, 5], TensorData.Ones(DType.Float32, 0, 3).Matmul(TensorData.Ones(DType.Float32, 3, 5)).ShapeArray());
    }

    [Fact]
    public void Gemm_WhenOutputSharesStorageWithAnOperand_StillComputesTheProduct()
    {
        var storage = TensorData.FromArray(new[] { 1.0, 2, 3, 4 }, 2, 2);
        TensorData.Gemm(storage, storage, storage);
        Assert.Equal([7.0, 10, 15, 22], storage.ToDoubleArray());
    }

    [Fact]
    public void Matmul_RejectsMismatchedShapes_NamingBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 2, 3).Matmul(TensorData.Zeros(DType.Float32, 4, 5)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        Assert.Contains("2x3 and 4x5", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 3).Matmul(TensorData.Zeros(DType.Float32, 4)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[4]", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 2, 3).Matmul(TensorData.Zeros(DType.Float32, 4)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 2, 2, 3).Matmul(TensorData.Zeros(DType.Float32, 3, 3, 4)));
        Assert.Contains("[2, 2, 3]", e.Message);
        Assert.Contains("[3, 3, 4]", e.Message);

        e = Assert.Throws<ArgumentException>(() => TensorData.Scalar(1).Matmul(TensorData.Zeros(DType.Float32, 2)));
        Assert.Contains("0D and 1D", e.Message);
    }

    [Fact]
    public void Matmul_RejectsMixedAndIntegerDTypes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 2, 2).Matmul(TensorData.Zeros(DType.Float64, 2, 2)));
        Assert.Contains("float32", e.Message);
        Assert.Contains("float64", e.Message);
        e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Int64, 2, 2).Matmul(TensorData.Zeros(DType.Int64, 2, 2)));
        Assert.Contains("int64", e.Message);
    }

    [Fact]
    public void Gemm_RejectsAWronglyShapedOutput_NamingAllShapes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TensorData.Gemm(TensorData.Zeros(DType.Float32, 2, 3), TensorData.Zeros(DType.Float32, 3, 4), TensorData.Zeros(DType.Float32, 2, 5)));
        Assert.Contains("[2, 5]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
    }

    /// <summary>The bits of a @ b computed on at most <paramref name="threads"/> threads.</summary>
    private static long[] ProductBits(TensorData a, TensorData b, int threads)
    {
        using var scope = Threading.Override(threads);
        return GemmReference.Bits(a.Matmul(b));
    }

    internal static TensorData RandomTensor(Random rng, DType dtype, params int[] shape)
    {
        var values = new double[ShapeUtil.Numel(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextDouble() * 2 - 1;
        return Generators.FromDoubles(values, shape, dtype);
    }
}
