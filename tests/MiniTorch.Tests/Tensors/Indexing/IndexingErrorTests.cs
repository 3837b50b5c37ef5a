using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Indexing;

/// <summary>One test per rejected input; each checks the message names the shapes, values or positions.</summary>
public class IndexingErrorTests
{
    private static TensorData Matrix() => TensorData.Arange(6).View(2, 3);
    private static TensorData Longs(params long[] values) => TensorData.FromArray(values, values.Length);

    [Fact]
    public void Gather_WithIndexOutOfRange_NamesValueDimAndSize()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => Matrix().Gather(1, TensorData.FromArray(new long[] { 0, 3 }, 2, 1)));
        Assert.Contains("index 3 is out of bounds for dimension 1 with size 3", e.Message);
    }

    [Fact]
    public void Gather_WithNegativeIndex_IsRejected()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => Matrix().Gather(0, TensorData.FromArray(new long[] { -1 }, 1, 1)));
        Assert.Contains("index -1", e.Message);
    }

    [Fact]
    public void Gather_WithFloatIndex_NamesTheDType()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix().Gather(0, TensorData.Zeros(DType.Float32, 1, 1)));
        Assert.Contains("int64", e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void Gather_WithIndexOfAnotherRank_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix().Gather(0, Longs(0, 1)));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void Gather_WithIndexLargerThanSelfOffTheDim_NamesShapesAndDim()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix().Gather(1, TensorData.Zeros(DType.Int64, 3, 1)));
        Assert.Contains("[3, 1]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("dimension 0", e.Message);
    }

    [Fact]
    public void ScatterAddInPlace_WithAnIndexOutOfRange_LeavesSelfUnchanged()
    {
        var self = TensorData.Zeros(DType.Float32, 3);
        int version = self.Storage.Version;
        var e = Assert.Throws<IndexOutOfRangeException>(() => self.ScatterAddInPlace(0, Longs(0, 1, 7), TensorData.Ones(DType.Float32, 3)));
        Assert.Contains("index 7 is out of bounds for dimension 0 with size 3", e.Message);
        Assert.Equal(new double[] { 0, 0, 0 }, self.ToDoubleArray());
        Assert.Equal(version, self.Storage.Version);
    }

    [Fact]
    public void ScatterAdd_WithIndexLargerThanSource_NamesTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 5).ScatterAdd(0, Longs(0, 1, 2), TensorData.Ones(DType.Float32, 2)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("src [2]", e.Message);
    }

    [Fact]
    public void ScatterAdd_WithSourceOfAnotherDType_NamesBothDTypes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 3).ScatterAdd(0, Longs(0), TensorData.Ones(DType.Float64, 1)));
        Assert.Contains("float32", e.Message);
        Assert.Contains("float64", e.Message);
    }

    [Fact]
    public void ScatterAddInPlace_IntoAnExpandedView_IsRejected()
    {
        var expanded = TensorData.Zeros(DType.Float32, 1).Expand(3);
        var e = Assert.Throws<InvalidOperationException>(() => expanded.ScatterAddInPlace(0, Longs(0), TensorData.Ones(DType.Float32, 1)));
        Assert.Contains("single memory location", e.Message);
    }

    [Fact]
    public void IndexSelect_WithIndexOutOfRange_NamesValueDimAndSize()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => Matrix().IndexSelect(0, Longs(1, 2)));
        Assert.Contains("index 2 is out of bounds for dimension 0 with size 2", e.Message);
    }

    [Fact]
    public void IndexSelect_WithNegativeIndex_IsRejected()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => Matrix().IndexSelect(1, Longs(-1)));
        Assert.Contains("index -1", e.Message);
    }

    [Fact]
    public void IndexSelect_WithTwoDimIndex_NamesItsShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix().IndexSelect(0, TensorData.Zeros(DType.Int64, 1, 1)));
        Assert.Contains("[1, 1]", e.Message);
    }

    [Fact]
    public void IndexAddInPlace_WithWrongNumberOfIndices_NamesBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 4, 2).IndexAddInPlace(0, Longs(0, 1, 2), TensorData.Ones(DType.Float32, 2, 2)));
        Assert.Contains("Number of indices (3)", e.Message);
        Assert.Contains("(2)", e.Message);
    }

    [Fact]
    public void IndexAddInPlace_WithMismatchedSourceShape_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Zeros(DType.Float32, 4, 2).IndexAddInPlace(0, Longs(0, 1), TensorData.Ones(DType.Float32, 2, 3)));
        Assert.Contains("[4, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void IndexAddInPlace_WithAnIndexOutOfRange_LeavesSelfUnchanged()
    {
        var self = TensorData.Zeros(DType.Float64, 4, 2);
        int version = self.Storage.Version;
        var e = Assert.Throws<IndexOutOfRangeException>(() => self.IndexAddInPlace(0, Longs(0, 4), TensorData.Ones(DType.Float64, 2, 2)));
        Assert.Contains("index 4 is out of bounds for dimension 0 with size 4", e.Message);
        Assert.All(self.ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.Equal(version, self.Storage.Version);
    }

    [Fact]
    public void Cat_OfAnEmptyList_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Cat([], 0));
        Assert.Contains("non-empty", e.Message);
    }

    [Fact]
    public void Cat_WithMismatchedSizes_NamesShapesAndPosition()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Cat([Matrix(), TensorData.Zeros(DType.Float32, 3, 3)], 1));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 3]", e.Message);
        Assert.Contains("tensor number 1", e.Message);
        Assert.Contains("dimension 1", e.Message);
    }

    [Fact]
    public void Cat_WithMismatchedRanks_NamesShapesAndPosition()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Cat([Matrix(), TensorData.Zeros(DType.Float32, 2, 3, 1)], 0));
        Assert.Contains("[2, 3, 1]", e.Message);
        Assert.Contains("tensor 1", e.Message);
    }

    [Fact]
    public void Cat_OfAZeroDimTensor_NamesItsPosition()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Cat([TensorData.Ones(DType.Float32, 1), TensorData.Scalar(2)], 0));
        Assert.Contains("zero-dimensional tensor (at position 1)", e.Message);
    }

    [Fact]
    public void Stack_WithMismatchedShapes_NamesShapesAndEntries()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Stack([Matrix(), Matrix(), TensorData.Zeros(DType.Float32, 3, 2)], 0));
        Assert.Contains("[2, 3] at entry 0", e.Message);
        Assert.Contains("[3, 2] at entry 2", e.Message);
    }

    [Fact]
    public void Stack_OfAnEmptyList_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorData.Stack([], 0));
        Assert.Contains("non-empty", e.Message);
    }

    [Fact]
    public void Split_WithSizesNotAddingUp_NamesSizesAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix().Split([1, 1], 1));
        Assert.Contains("[1, 1]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }
}
