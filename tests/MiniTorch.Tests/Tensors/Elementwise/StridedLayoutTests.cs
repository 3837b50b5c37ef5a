using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Elementwise.ElementwiseGenerators;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// For every op of the op table with a TensorData entry point, in every dtype it supports:
/// permuted, sliced and expanded inputs give exactly the result of their contiguous copies (over
/// random broadcast-compatible shape pairs for binary ops), and inputs are never modified. A unary
/// op with a unary kernel applies that kernel's scalar Invoke to every element.
/// </summary>
public class StridedLayoutTests
{
    private const int TestsPerRow = 12;

    private static IEnumerable<(Op Op, DType DType)> ForwardRows(int arity) =>
        OpTable.All.Where(op => op.Forward?.Arity == arity).SelectMany(op => op.Forward!.DTypes.Select(dtype => (op, dtype)));

    private static IEnumerable<TheoryDataRow<string, DType>> Rows(IEnumerable<(Op Op, DType DType)> rows, string sentence) =>
        rows.Select(r => new TheoryDataRow<string, DType>(r.Op.Name, r.DType) { TestDisplayName = $"{r.DType.Name()} {r.Op.Name} {sentence}" });

    public static IEnumerable<TheoryDataRow<string, DType>> UnaryRows() => Rows(ForwardRows(1), "on strided input equals it on a contiguous copy");

    public static IEnumerable<TheoryDataRow<string, DType>> BinaryRows() => Rows(ForwardRows(2), "on strided broadcast inputs equals it on contiguous and materialized copies");

    public static IEnumerable<TheoryDataRow<string, DType>> UnaryKernelRows() =>
        Rows(ForwardRows(1).Where(r => r.Op.Kernel?.Float32.Forms is [LoopForm.Unary] && r.DType != DType.Int64), "on strided input applies its scalar Invoke to every element");

    [Theory]
    [MemberData(nameof(UnaryRows))]
    public void UnaryOp_OnStridedInput_EqualsOpOnContiguousCopy(string op, DType dtype)
    {
        var forward = OpTable.Get(op).Forward!;
        var inputs = Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, dtype, ValueWithSpecials()));
        Run(Prop.ForAll(inputs.ToArbitrary(), x =>
        {
            var before = x.Contiguous().Clone();
            var strided = forward.Apply([x]);
            var contiguous = forward.Apply([x.Contiguous()]);
            return (SameTensor(contiguous, strided) && SameTensor(before, x)).Label($"{op} on {x.DType.Name()} {ShapeUtil.Format(x.Shape)} strides {ShapeUtil.Format(x.Strides)}");
        }));
    }

    [Theory]
    [MemberData(nameof(BinaryRows))]
    public void BinaryOp_OnStridedBroadcastInputs_EqualsOpOnContiguousAndOnMaterializedCopies(string op, DType dtype)
    {
        var forward = OpTable.Get(op).Forward!;
        var pairs = forward.Broadcasts
            ? StridedPair(dtype)
            : Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, dtype, ValueWithSpecials())
                .SelectMany(a => Generators.StridedTensor(s, dtype, ValueWithSpecials()).Select(b => (a, b))));
        Run(Prop.ForAll(pairs.ToArbitrary(), c =>
        {
            var shape = ShapeUtil.Broadcast(c.a.Shape, c.b.Shape);
            var strided = forward.Apply([c.a, c.b]);
            var contiguous = forward.Apply([c.a.Contiguous(), c.b.Contiguous()]);
            // Materialized to the full shape, both operands take the plain same-shape loop.
            var materialized = forward.Apply([c.a.Expand(shape).Clone(), c.b.Expand(shape).Clone()]);
            return (strided.Shape.SequenceEqual(shape) && SameTensor(contiguous, strided) && SameTensor(materialized, strided))
                .Label($"{op} on {c.a.DType.Name()} {ShapeUtil.Format(c.a.Shape)}/{ShapeUtil.Format(c.a.Strides)} and {ShapeUtil.Format(c.b.Shape)}/{ShapeUtil.Format(c.b.Strides)}");
        }));
    }

    [Theory]
    [MemberData(nameof(UnaryKernelRows))]
    public void UnaryOp_OnStridedInput_AppliesItsScalarInvokeToEveryElement(string op, DType dtype)
    {
        var row = OpTable.Get(op);
        var (forward, kernel) = (row.Forward!, row.Kernel!);
        var inputs = Generators.Shape(4, 5).SelectMany(s => Generators.StridedTensor(s, dtype, ValueWithSpecials()));
        Run(Prop.ForAll(inputs.ToArbitrary(), x =>
        {
            var result = forward.Apply([x]);
            bool same = x.DType == DType.Float32
                ? x.ToArray<float>().Select(v => kernel.Invoke(v)).SequenceEqual(result.ToArray<float>(), SameValues<float>.Instance)
                : x.ToArray<double>().Select(v => kernel.Invoke(v)).SequenceEqual(result.ToArray<double>(), SameValues<double>.Instance);
            return same.Label($"{op} on {x.DType.Name()} {ShapeUtil.Format(x.Shape)} strides {ShapeUtil.Format(x.Strides)}");
        }));
    }

    private static void Run(Property property) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(TestsPerRow).WithQuietOnSuccess(true), property);

    /// <summary><see cref="KernelValues.Same{T}"/> as an equality comparer.</summary>
    private sealed class SameValues<T> : IEqualityComparer<T> where T : struct, System.Numerics.INumberBase<T>
    {
        public static readonly SameValues<T> Instance = new();
        public bool Equals(T x, T y) => KernelValues.Same(x, y);
        public int GetHashCode(T value) => 0;
    }

    [Fact]
    public void Broadcasting_CombinesEveryRowWithEveryColumn()
    {
        var column = TensorData.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        var row = TensorData.FromArray(new float[] { 10, 20 }, 2);
        var sum = column.Add(row);
        Assert.Equal(new[] { 3, 2 }, sum.ShapeArray());
        Assert.Equal(new double[] { 11, 21, 12, 22, 13, 23 }, sum.ToDoubleArray());
        Assert.Equal(new double[] { 9, 19, 8, 18, 7, 17 }, row.Sub(column).ToDoubleArray());
    }

    [Fact]
    public void AbsAndNeg_OfInt64Minimum_WrapToItself_LikePyTorch()
    {
        // Long enough for the vector body and short enough for the scalar loop, on every path.
        foreach (int n in new[] { 1, 3, 40 })
        {
            var x = TensorData.Full([n], long.MinValue, DType.Int64);
            Assert.All(x.Abs().ToArray<long>(), v => Assert.Equal(long.MinValue, v));
            Assert.All(x.Neg().ToArray<long>(), v => Assert.Equal(long.MinValue, v));
        }
        Assert.Equal(new long[] { 5, 0, long.MaxValue }, TensorData.FromArray(new long[] { -5, 0, -long.MaxValue }).Abs().ToArray<long>());
    }

    [Fact]
    public void ScalarOperands_WorkOnEitherSide()
    {
        var x = TensorData.FromArray(new double[] { 1, 2, 4 });
        Assert.Equal(new double[] { 2, 1, 0.5 }, x.RDiv(2).ToDoubleArray());
        Assert.Equal(new double[] { 2, 1, -1 }, x.RSub(3).ToDoubleArray());
        Assert.Equal(new double[] { 0.5, 1, 2 }, x.Div(2).ToDoubleArray());
    }

    [Fact]
    public void Clamp_KeepsNaN_AndMinAboveMaxGivesMax_LikePyTorch()
    {
        var x = TensorData.FromArray(new float[] { float.NaN, -3, 0.2f, 9 });
        Assert.Equal(new double[] { double.NaN, -0.5, 0.2f, 0.7f }, x.Clamp(-0.5, 0.7).ToDoubleArray());
        Assert.Equal(new double[] { double.NaN, 1, 1, 1 }, x.Clamp(2, 1).ToDoubleArray());
        Assert.Throws<ArgumentException>(() => x.Clamp());
    }

    [Fact]
    public void PowFastPaths_AgreeWithTheirNamedOps()
    {
        var x = TensorData.FromArray(new double[] { 0.25, 2, 9, 1e-300 });
        Assert.True(SameTensor(x.Square(), x.Pow(2.0)));
        Assert.True(SameTensor(x.Sqrt(), x.Pow(0.5)));
        Assert.True(SameTensor(x.Reciprocal(), x.Pow(-1.0)));
        Assert.Equal(new double[] { 0.015625, 8, 729, 0 }, x.Pow(3.0).ToDoubleArray());
        Assert.NotSame(x.Storage, x.Pow(1.0).Storage);
    }
}
