using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Elementwise.ElementwiseGenerators;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>Comparisons and where against IEEE double references, special values included.</summary>
public class CompareAndWhereTests
{
    private static readonly (string name, Func<TensorData, TensorData, TensorData> op, Func<double, double, bool> reference)[] Comparisons =
    [
        ("eq", (a, b) => a.Eq(b), (x, y) => x == y),
        ("ne", (a, b) => a.Ne(b), (x, y) => x != y),
        ("lt", (a, b) => a.Lt(b), (x, y) => x < y),
        ("le", (a, b) => a.Le(b), (x, y) => x <= y),
        ("gt", (a, b) => a.Gt(b), (x, y) => x > y),
        ("ge", (a, b) => a.Ge(b), (x, y) => x >= y),
    ];

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Comparisons_MatchIeeeReference_AtEveryLengthUpTo256(DType dtype)
    {
        var rng = new System.Random(17);
        for (int length = 0; length <= 256; length++)
        {
            // Small integers make ties common; the specials bring NaN and +-0 / +-inf pairs.
            var x = KernelValues.Floating<double>(rng, length).Select(v => rng.Next(3) == 0 ? Math.Round(v) : v).ToArray();
            var y = KernelValues.Floating<double>(rng, length).Select(v => rng.Next(3) == 0 ? Math.Round(v) : v).ToArray();
            var a = TensorData.FromArray(x, length).To(dtype);
            var b = TensorData.FromArray(y, length).To(dtype);
            var ax = a.ToDoubleArray();
            var bx = b.ToDoubleArray();
            foreach (var (name, op, reference) in Comparisons)
            {
                var result = op(a, b);
                Assert.Equal(DType.Bool, result.DType);
                var mask = result.ToArray<bool>();
                for (int i = 0; i < length; i++)
                    Assert.True(reference(ax[i], bx[i]) == mask[i], $"{name}({ax[i]}, {bx[i]}) at length {length}");
            }
        }
    }

    [Fact]
    public void Int64Comparisons_AreExactBeyondTwoToThe53()
    {
        var a = TensorData.FromArray(new long[] { (1L << 53) + 1, long.MaxValue, -5 });
        var b = TensorData.FromArray(new long[] { 1L << 53, long.MaxValue - 1, -5 });
        Assert.Equal(new[] { true, true, false }, a.Gt(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, a.Eq(b).ToArray<bool>());
    }

    [Property(MaxTest = 200)]
    public Property Where_PicksXWhereConditionHolds_ElseY_WithBroadcasting() =>
        Prop.ForAll(StridedPair(DType.Float32).ToArbitrary(), p =>
        {
            var condition = p.a.Gt(0);
            var result = TensorData.Where(condition, p.a, p.b);
            var shape = MiniTorch.Tensors.ShapeUtil.Broadcast(p.a.Shape, p.b.Shape);
            var c = condition.Expand(shape).Contiguous().ToArray<bool>();
            var x = p.a.Expand(shape).ToDoubleArray();
            var y = p.b.Expand(shape).ToDoubleArray();
            var r = result.ToDoubleArray();
            return result.Shape.SequenceEqual(shape) && Enumerable.Range(0, r.Length).All(i => KernelValues.Same(c[i] ? x[i] : y[i], r[i]));
        });

    [Fact]
    public void Where_RejectsNonBoolConditionAndMixedDTypes_NamingThem()
    {
        var f = TensorData.Zeros(DType.Float32, 2);
        var d = TensorData.Zeros(DType.Float64, 2);
        var e1 = Assert.Throws<ArgumentException>(() => TensorData.Where(f, f, f));
        Assert.Contains("float32", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => TensorData.Where(f.Gt(0), f, d));
        Assert.Contains("float32", e2.Message);
        Assert.Contains("float64", e2.Message);
    }
}
