using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.RandomNumbers;

// Statistical sanity with fixed seeds: each bound is several standard errors wide, so a correct
// generator passes for essentially every seed and a biased one (wrong range, wrong scale) fails.
public class RandomDistributionTests
{
    private const int N = 100_000;

    private static (double mean, double variance) Moments(double[] x)
    {
        double mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    [Theory]
    [InlineData(DType.Float32, 1UL)]
    [InlineData(DType.Float64, 2UL)]
    public void Rand_HasUniformMeanAndVariance_AndStaysInHalfOpenUnitInterval(DType dtype, ulong seed)
    {
        var x = TensorData.Rand([N], dtype, new Generator(seed)).ToDoubleArray();
        Assert.All(x, v => Assert.InRange(v, 0.0, Math.BitDecrement(1.0)));
        var (mean, variance) = Moments(x);
        // SE(mean) = sqrt(1/12 / N) = 0.00091; SE(var) = sqrt((1/80 - 1/144) / N) = 0.00024.
        Assert.InRange(mean, 0.5 - 5 * 0.00091, 0.5 + 5 * 0.00091);
        Assert.InRange(variance, 1.0 / 12 - 5 * 0.00024, 1.0 / 12 + 5 * 0.00024);
    }

    [Fact]
    public void Rand_Float32_FillsTenEqualBins_ByChiSquare()
    {
        var x = TensorData.Rand([N], generator: new Generator(3)).ToArray<float>();
        var counts = new int[10];
        foreach (var v in x) counts[(int)(v * 10)]++;
        double expected = N / 10.0;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 27.88, $"chi-square {chi2:F2} over 9 degrees of freedom exceeds the 0.1% critical value; bins {string.Join(",", counts)}");
    }

    [Fact]
    public void UnitFloat_OfTheLargestWord_IsBelowOne()
    {
        Assert.Equal(1f - 1f / (1 << 24), RandomStreams.UnitFloat(uint.MaxValue));
        Assert.True(RandomStreams.UnitFloat(uint.MaxValue) < 1f);
        Assert.Equal(0f, RandomStreams.UnitFloat(0xFF));
        Assert.True(RandomStreams.UnitDouble(ulong.MaxValue) < 1.0);
    }

    [Fact]
    public void Uniform_Float32_NeverReachesHigh_EvenWhenRoundingWould()
    {
        // [1, 1 + 2^-20) holds only 8 floats (spacing 2^-23); rounding low + (high - low) * u up to high must be undone.
        double high = 1 + Math.Pow(2, -20);
        var x = TensorData.Uniform([20_000], 1, high, generator: new Generator(8)).ToArray<float>();
        Assert.All(x, v => Assert.True(v >= 1f && v < high, $"{v:R} outside [1, {high:R})"));
        Assert.Equal(8, x.Distinct().Count());
    }

    [Fact]
    public void Rand_EqualsUniformZeroOne_AndUniformScales()
    {
        var rand = TensorData.Rand([1000], DType.Float64, new Generator(4)).ToArray<double>();
        var uniform = TensorData.Uniform([1000], 0, 1, DType.Float64, new Generator(4)).ToArray<double>();
        var scaled = TensorData.Uniform([1000], -3, 5, DType.Float64, new Generator(4)).ToArray<double>();
        Assert.Equal(rand, uniform);
        for (int i = 0; i < rand.Length; i++) Assert.Equal(-3 + 8 * rand[i], scaled[i]);
    }

    [Theory]
    [InlineData(DType.Float32, 5UL)]
    [InlineData(DType.Float64, 6UL)]
    public void Randn_HasStandardNormalMoments_AndTails(DType dtype, ulong seed)
    {
        var x = TensorData.Randn([N], dtype, new Generator(seed)).ToDoubleArray();
        var (mean, variance) = Moments(x);
        // SE(mean) = 1/sqrt(N) = 0.0032; SE(var) = sqrt(2/N) = 0.0045.
        Assert.InRange(mean, -5 * 0.0032, 5 * 0.0032);
        Assert.InRange(variance, 1 - 5 * 0.0045, 1 + 5 * 0.0045);
        // P(|z| > 2) = 0.0455, SE = sqrt(0.0455 * 0.9545 / N) = 0.00066.
        double tail = x.Count(v => Math.Abs(v) > 2) / (double)N;
        Assert.InRange(tail, 0.0455 - 5 * 0.00066, 0.0455 + 5 * 0.00066);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Randn_Float32_IsFloat64RoundedToFloat()
    {
        var f = TensorData.Randn([101], DType.Float32, new Generator(9)).ToArray<float>();
        var d = TensorData.Randn([101], DType.Float64, new Generator(9)).ToArray<double>();
        Assert.Equal(d.Select(v => (float)v), f);
    }

    [Fact]
    public void RandInt_CoversLowToHighExclusive_AndNothingElse_Uniformly()
    {
        var x = TensorData.RandInt(-3, 4, [70_000], new Generator(10));
        Assert.Equal(DType.Int64, x.DType);
        var counts = x.ToArray<long>().GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(-3, 7).Select(v => (long)v), counts.Keys.Order());
        double chi2 = counts.Values.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chi2 < 22.46, $"chi-square {chi2:F2} over 6 degrees of freedom exceeds the 0.1% critical value");
    }

    [Fact]
    public void RandInt_HandlesTheFullInt64Range()
    {
        var x = TensorData.RandInt(long.MinValue, long.MaxValue, [10_000], new Generator(12)).ToArray<long>();
        Assert.DoesNotContain(long.MaxValue, x);
        Assert.Contains(x, v => v < 0);
        Assert.Contains(x, v => v > 0);
        Assert.Equal(new long[] { 5, 5, 5 }, TensorData.RandInt(5, 6, [3], new Generator(1)).ToArray<long>());
    }

    [Fact]
    public void RandInt_WithHighNotAboveLow_FailsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.RandInt(7, 3, [2]));
        Assert.Contains("7", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Throws<ArgumentException>(() => TensorData.RandInt(4, 4, [2]));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Bernoulli_FrequencyMatchesP(double p)
    {
        var x = TensorData.Bernoulli([N], p, generator: new Generator(13)).ToArray<float>();
        Assert.All(x, v => Assert.True(v is 0f or 1f));
        double se = Math.Sqrt(p * (1 - p) / N);
        Assert.InRange(x.Average(v => (double)v), p - 5 * se, p + 5 * se);
    }

    [Fact]
    public void Bernoulli_ExtremesAreExact_AndBadPIsRejected()
    {
        Assert.All(TensorData.Bernoulli([500], 0, generator: new Generator(1)).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(TensorData.Bernoulli([500], 1, DType.Float64, new Generator(1)).ToArray<double>(), v => Assert.Equal(1.0, v));
        Assert.Equal(DType.Bool, TensorData.Bernoulli([4], 0.5, DType.Bool, new Generator(1)).DType);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TensorData.Bernoulli([2], 1.5));
        Assert.Contains("1.5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorData.Bernoulli([2], double.NaN));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void RandPerm_IsAPermutation(int n)
    {
        var p = TensorData.RandPerm(n, new Generator(14));
        Assert.Equal(Enumerable.Range(0, n), p.Order());
    }

    [Fact]
    public void RandPerm_PlacesEveryItemEverywhereEquallyOften()
    {
        // 4 items, 24_000 permutations: each of the 16 (item, slot) cells expects 6000.
        var g = new Generator(15);
        var counts = new int[4, 4];
        for (int t = 0; t < 24_000; t++)
        {
            var p = TensorData.RandPerm(4, g);
            for (int slot = 0; slot < 4; slot++) counts[p[slot], slot]++;
        }
        foreach (var c in counts) Assert.InRange(c, 6000 - 5 * 67, 6000 + 5 * 67); // SE = sqrt(24000 * 1/4 * 3/4) = 67
    }

    [Fact]
    public void RandomFactories_RejectIntegerDTypesAndNegativeDims()
    {
        var e = Assert.Throws<NotSupportedException>(() => TensorData.Rand([2], DType.Int64));
        Assert.Contains("int64", e.Message);
        Assert.Throws<NotSupportedException>(() => TensorData.Randn([2], DType.Bool));
        var s = Assert.Throws<ArgumentException>(() => TensorData.Rand([2, -1]));
        Assert.Contains("[2, -1]", s.Message);
        Assert.Throws<ArgumentException>(() => TensorData.Uniform([2], 1, 0));
    }
}
