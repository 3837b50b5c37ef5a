using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Reductions;

public class SumToShapeTests
{
    /// <summary>A target shape and a larger shape it broadcasts to (extra leading dims, 1s widened).</summary>
    private static Arbitrary<(TensorData X, int[] Target)> Cases() =>
        Generators.NonEmptyShape(3, 4).SelectMany(target =>
            Gen.Choose(0, 2).SelectMany(lead =>
                Gen.ArrayOf(Gen.Choose(0, 4), lead + target.Length).SelectMany(sizes =>
                {
                    var big = sizes.Select((s, i) => i < lead ? s : (target[i - lead] == 1 ? Math.Max(s, 1) : target[i - lead])).ToArray();
                    return Generators.StridedTensor(big, DType.Float64).Select(x => (x, target));
                })))
        .ToArbitrary();

    [Property(MaxTest = 200)]
    public Property SumToShape_MatchesReference() =>
        Prop.ForAll(Cases(), c =>
        {
            var (x, target) = c;
            var got = x.SumToShape(target);
            Assert.Equal(target, got.ShapeArray());
            // Reference: every element of x lands on the target element it was broadcast from.
            var want = new double[target.Aggregate(1, (a, b) => a * b)];
            var shape = x.ShapeArray();
            var v = x.ToDoubleArray();
            int lead = shape.Length - target.Length;
            var index = new int[shape.Length];
            for (int flat = 0; flat < v.Length; flat++)
            {
                int o = 0;
                for (int d = 0; d < target.Length; d++) o = o * target[d] + (target[d] == 1 ? 0 : index[lead + d]);
                want[o] += v[flat];
                for (int d = shape.Length - 1; d >= 0; d--) { if (++index[d] < shape[d]) break; index[d] = 0; }
            }
            var values = got.ToDoubleArray();
            for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], values[i], 1e-12);
        });

    [Fact]
    public void SumToShape_OfTheSameShape_ReturnsThisTensor()
    {
        var x = TensorData.Ones(DType.Float32, 2, 3);
        Assert.Same(x, x.SumToShape([2, 3]));
    }

    [Fact]
    public void SumToShape_ToZeroDim_GivesTheTotal()
    {
        var x = TensorData.Arange(6).View(2, 3);
        var s = x.SumToShape([]);
        Assert.Empty(s.ShapeArray());
        Assert.Equal(15.0, s.Item());
    }

    [Fact]
    public void SumToShape_WhenNotBroadcastCompatible_NamesBothShapes()
    {
        var x = TensorData.Zeros(DType.Float32, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => x.SumToShape([4]));
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => x.SumToShape([1, 2, 3]));
    }
}
