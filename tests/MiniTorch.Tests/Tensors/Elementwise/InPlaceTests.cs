using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Elementwise.ElementwiseGenerators;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Property (c): each in-place op leaves its tensor equal to the out-of-place result, writes only
/// the elements its view addresses, bumps the storage version; and misuse fails with messages
/// that name the shapes and dtypes involved, changing nothing.
/// </summary>
public class InPlaceTests
{
    private sealed record InPlaceOp(
        string Name, Func<TensorData, TensorData, TensorData> InPlace, Func<TensorData, TensorData, TensorData> OutOfPlace, bool Int64 = true)
    {
        public override string ToString() => Name;
    }

    // The second operand broadcasts to the destination's shape (a scalar op ignores it).
    private static readonly InPlaceOp[] Ops =
    [
        new("add_", (x, y) => x.AddInPlace(y), (x, y) => x.Add(y)),
        new("sub_", (x, y) => x.SubInPlace(y), (x, y) => x.Sub(y)),
        new("mul_", (x, y) => x.MulInPlace(y), (x, y) => x.Mul(y)),
        new("div_", (x, y) => x.DivInPlace(y), (x, y) => x.Div(y), Int64: false),
        new("add_scalar_", (x, _) => x.AddInPlace(1.5), (x, _) => x.Add(1.5)),
        new("mul_scalar_", (x, _) => x.MulInPlace(-2), (x, _) => x.Mul(-2)),
        new("neg_", (x, _) => x.NegInPlace(), (x, _) => x.Neg()),
        new("relu_", (x, _) => x.ReluInPlace(), (x, _) => x.Relu()),
        new("sqrt_", (x, _) => x.SqrtInPlace(), (x, _) => x.Sqrt(), Int64: false),
        new("fill_", (x, _) => x.FillInPlace(0.75), (x, _) => TensorData.Full(x.ShapeArray(), 0.75, x.DType)),
        new("zero_", (x, _) => x.ZeroInPlace(), (x, _) => TensorData.Zeros(x.DType, x.ShapeArray())),
    ];

    private static Gen<(InPlaceOp op, TensorData destination, TensorData operand)> Cases() =>
        Gen.Elements(Ops).SelectMany(op =>
            Gen.Elements(op.Int64 ? new[] { DType.Float32, DType.Float64, DType.Int64 } : [DType.Float32, DType.Float64]).SelectMany(dtype =>
                BroadcastPair().SelectMany(p =>
                {
                    var shape = ShapeUtil.Broadcast(p.a, p.b);
                    return WritableView(shape, dtype).SelectMany(dst =>
                        Generators.StridedTensor(p.b, dtype, ValueWithSpecials()).Select(operand => (op, dst, operand)));
                })));

    [Property(MaxTest = 300)]
    public Property InPlaceOp_EqualsOutOfPlace_WritesOnlyItsView_AndBumpsVersion() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (op, x, y) = c;
            var expected = op.OutOfPlace(x, y);
            var storageBefore = x.Storage.ToDoubleArrayOfStorage();
            int version = x.Storage.Version;
            var returned = op.InPlace(x, y);

            var addressed = AddressedOffsets(x);
            var storageAfter = x.Storage.ToDoubleArrayOfStorage();
            bool outsideUntouched = Enumerable.Range(0, storageAfter.Length)
                .All(i => addressed.Contains(i) || KernelValues.Same(storageBefore[i], storageAfter[i]));
            bool bumped = x.Storage.Version > version || x.Numel == 0;
            return (ReferenceEquals(returned, x) && SameTensor(expected, x) && outsideUntouched && bumped)
                .Label($"{op} on {x.DType.Name()} {ShapeUtil.Format(x.Shape)} strides {ShapeUtil.Format(x.Strides)} with {ShapeUtil.Format(y.Shape)}");
        });

    private static HashSet<int> AddressedOffsets(TensorData t)
    {
        var set = new HashSet<int>();
        var index = new int[t.Rank];
        for (int n = 0; n < t.Numel; n++)
        {
            set.Add(t.OffsetOf(index));
            for (int d = t.Rank - 1; d >= 0 && ++index[d] == t.Size(d); d--) index[d] = 0;
        }
        return set;
    }

    [Fact]
    public void InPlaceIntoAnExpandedView_Throws_AndChangesNothing()
    {
        var storage = TensorData.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        var expanded = storage.Expand(3, 4);
        var e = Assert.Throws<InvalidOperationException>(() => expanded.AddInPlace(TensorData.Ones(DType.Float32, 3, 4)));
        Assert.Contains("[3, 4]", e.Message);
        Assert.Throws<InvalidOperationException>(() => expanded.NegInPlace());
        Assert.Throws<InvalidOperationException>(() => expanded.MulInPlace(2));
        Assert.Equal(new double[] { 1, 2, 3 }, storage.ToDoubleArray());
        Assert.Equal(0, storage.Storage.Version);
    }

    [Fact]
    public void InPlaceBroadcast_AcceptsASmallerOperand_ButNotALargerOne()
    {
        var x = TensorData.Zeros(DType.Float32, 2, 3);
        x.AddInPlace(TensorData.FromArray(new float[] { 1, 2, 3 }));
        Assert.Equal(new double[] { 1, 2, 3, 1, 2, 3 }, x.ToDoubleArray());

        var small = TensorData.Zeros(DType.Float32, 3);
        var e = Assert.Throws<ArgumentException>(() => small.AddInPlace(TensorData.Zeros(DType.Float32, 2, 3)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Equal(0, small.Storage.Version);
    }

    [Fact]
    public void BroadcastErrors_NameBothShapes()
    {
        var a = TensorData.Zeros(DType.Float32, 2, 3);
        var b = TensorData.Zeros(DType.Float32, 4);
        foreach (Func<TensorData> bad in new Func<TensorData>[] { () => a.Add(b), () => a.Mul(b), () => a.Maximum(b), () => a.Lt(b), () => TensorData.Where(a.Gt(0), a, b) })
        {
            var e = Assert.Throws<ArgumentException>(bad);
            Assert.Contains("[2, 3]", e.Message);
            Assert.Contains("[4]", e.Message);
        }
    }

    [Fact]
    public void DTypeMismatch_NamesBothDTypes_OutOfPlaceAndInPlace()
    {
        var f = TensorData.Ones(DType.Float32, 2);
        var d = TensorData.Ones(DType.Float64, 2);
        var l = TensorData.Ones(DType.Int64, 2);
        foreach (Func<TensorData> bad in new Func<TensorData>[] { () => f.Add(d), () => d.Sub(l), () => f.AddInPlace(d), () => l.MulInPlace(f) })
        {
            var e = Assert.Throws<ArgumentException>(bad);
            Assert.True(e.Message.Contains("float32") || e.Message.Contains("float64"), e.Message);
            Assert.Equal(2, new[] { "float32", "float64", "int64" }.Count(e.Message.Contains));
        }
        Assert.Equal(new double[] { 1, 1 }, f.ToDoubleArray());
    }

    [Fact]
    public void FloatOnlyOps_OnInt64_FailNamingTheDType()
    {
        var l = TensorData.Ones(DType.Int64, 2);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => l.Sqrt()).Message);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => l.Div(l)).Message);
        Assert.Contains("int64", Assert.Throws<NotSupportedException>(() => l.DivInPlace(l)).Message);
    }
}

internal static class StorageTestExtensions
{
    /// <summary>Every element of the storage (not just a view) as double.</summary>
    public static double[] ToDoubleArrayOfStorage(this Storage storage) =>
        new TensorData(storage, [storage.Length], [1], 0).ToDoubleArray();
}
