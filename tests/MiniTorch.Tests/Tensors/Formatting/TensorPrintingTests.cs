using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Formatting;

// Expected strings follow PyTorch's repr rules (torch/_tensor_str.py, default print options),
// derived by hand: widths count only nonzero finite values, elements right-align, a top-level
// row starts at indent 7 ("tensor(") and wraps after floor((80 - indent) / (width + 2)) items.
public class TensorPrintingTests
{
    private static TensorData F32(float[] v, params int[] shape) => TensorData.FromArray(v, shape);
    private static TensorData F64(double[] v, params int[] shape) => TensorData.FromArray(v, shape);

    [Fact]
    public void Matrix_PrintsFourDecimals_RightAligned()
    {
        Assert.Equal("tensor([[ 0.1234, -1.5000],\n        [ 2.0000,  3.0000]])", F32([0.1234f, -1.5f, 2f, 3f], 2, 2).ToString());
    }

    [Fact]
    public void WholeFloats_PrintWithATrailingPoint_IntegersWithout()
    {
        Assert.Equal("tensor([1., 2., 3.])", F32([1, 2, 3]).ToString());
        Assert.Equal("tensor([1, 2, 3])", TensorData.FromArray(new long[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor([-1, 10])", TensorData.FromArray(new long[] { -1, 10 }).ToString());
        Assert.Equal("tensor([0., 0., 0.])", TensorData.Zeros(DType.Float32, 3).ToString());
    }

    [Fact]
    public void Bools_PrintAsPythonTrueFalse_PaddedToFive()
    {
        Assert.Equal("tensor([ True, False])", TensorData.FromArray(new[] { true, false }).ToString());
        Assert.Equal("tensor(True)", TensorData.FromArray(new[] { true }, []).ToString());
    }

    [Fact]
    public void ZeroDim_PrintsTheBareValue()
    {
        Assert.Equal("tensor(3.5000)", TensorData.Scalar(3.5).ToString());
        Assert.Equal("tensor(3.)", TensorData.Scalar(3).ToString());
        Assert.Equal("tensor(7)", TensorData.Scalar(7, DType.Int64).ToString());
        Assert.Equal("tensor(3.5000, dtype=torch.float64)", TensorData.Scalar(3.5, DType.Float64).ToString());
    }

    [Fact]
    public void Empty_PrintsSizeUnlessOneDim_AndDTypeUnlessFloat32()
    {
        Assert.Equal("tensor([])", TensorData.Zeros(DType.Float32, 0).ToString());
        Assert.Equal("tensor([], size=(0, 3))", TensorData.Zeros(DType.Float32, 0, 3).ToString());
        Assert.Equal("tensor([], dtype=torch.int64)", TensorData.Zeros(DType.Int64, 0).ToString());
        Assert.Equal("tensor([], dtype=torch.bool)", TensorData.Zeros(DType.Bool, 0).ToString());
        Assert.Equal("tensor([], size=(2, 0), dtype=torch.float64)", TensorData.Zeros(DType.Float64, 2, 0).ToString());
    }

    [Fact]
    public void Float64_GetsADTypeSuffix_Int64AndBoolDoNot()
    {
        Assert.Equal("tensor([0.5000, 2.0000], dtype=torch.float64)", F64([0.5, 2]).ToString());
        Assert.DoesNotContain("dtype", TensorData.FromArray(new long[] { 4 }).ToString());
    }

    [Fact]
    public void WideRatioOrTinyValues_SwitchToScientific()
    {
        Assert.Equal("tensor([1.0000e+00, 1.0000e+05], dtype=torch.float64)", F64([1, 1e5]).ToString()); // whole numbers, ratio > 1000
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", F32([1e-5f, 1f]).ToString());                     // min < 1e-4
        Assert.Equal("tensor([-1.2346e+05,  5.0000e-01], dtype=torch.float64)", F64([-123456, 0.5]).ToString());
        Assert.Equal("tensor([2.0000e+08, 3.0000e+08], dtype=torch.float64)", F64([2e8, 3e8]).ToString()); // max > 1e8
        Assert.Equal("tensor([1.0000e+05, 5.0000e-01], dtype=torch.float64)", F64([99999.5, 0.5]).ToString()); // rounds up a decade
    }

    [Fact]
    public void MaxOfExactlyOneHundredMillion_StaysFixed()
    {
        Assert.Equal("tensor([ 50000000., 100000000.], dtype=torch.float64)", F64([5e7, 1e8]).ToString());
    }

    [Fact]
    public void MixedMagnitudes_PadToTheWidest()
    {
        Assert.Equal("tensor([100.5000,  -0.2500])", F32([100.5f, -0.25f]).ToString());
    }

    [Fact]
    public void NanAndInf_PrintAsPythonDoes_AndDoNotChooseTheFormat()
    {
        Assert.Equal("tensor([   nan,    inf,   -inf, 1.5000])", F32([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f]).ToString());
        Assert.Equal("tensor([nan, 1., 2.])", F32([float.NaN, 1, 2]).ToString());
        Assert.Equal("tensor([nan, nan])", F32([float.NaN, float.NaN]).ToString());
        Assert.Equal("tensor([-inf, 0.])", F32([float.NegativeInfinity, 0]).ToString());
    }

    [Fact]
    public void NegativeZero_KeepsItsSign()
    {
        Assert.Equal("tensor([-0.0000, 1.5000])", F32([-0f, 1.5f]).ToString());
        Assert.Equal("tensor([-0., 2.])", F32([-0f, 2f]).ToString());
    }

    [Fact]
    public void ExactTies_RoundHalfToEven_LikePython()
    {
        // 0.03125 and 0.09375 are exact binary fractions sitting on a tie at the fifth decimal.
        Assert.Equal("tensor([0.0312, 0.0938, 1.0000], dtype=torch.float64)", F64([0.03125, 0.09375, 1]).ToString());
    }

    [Fact]
    public void LongVector_WrapsAtEightyColumns()
    {
        const string expected =
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
            "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n" +
            "        28., 29.])";
        Assert.Equal(expected, TensorData.Arange(30).ToString());
    }

    [Fact]
    public void SuffixThatWouldPassTheLineWidth_StartsANewLine()
    {
        const string expected =
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n" +
            "       dtype=torch.float64)";
        Assert.Equal(expected, TensorData.Arange(14, DType.Float64).ToString());
    }

    [Fact]
    public void ThreeDims_SeparateBlocksWithABlankLine()
    {
        const string expected =
            "tensor([[[0., 1.],\n" +
            "         [2., 3.]],\n" +
            "\n" +
            "        [[4., 5.],\n" +
            "         [6., 7.]]])";
        Assert.Equal(expected, TensorData.Arange(8).View(2, 2, 2).ToString());
    }

    [Fact]
    public void MoreThanAThousandElements_AreSummarizedWithThreeEdgeItems()
    {
        Assert.Equal("tensor([   0,    1,    2,  ...,  998,  999, 1000])", TensorData.Arange(1001, DType.Int64).ToString());
        const string matrix =
            "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
            "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
            "        ...,\n" +
            "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n" +
            "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n" +
            "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])";
        Assert.Equal(matrix, TensorData.Arange(2000, DType.Int64).View(40, 50).ToString());
    }

    [Fact]
    public void ExactlyAThousandElements_AreNotSummarized()
    {
        var text = TensorData.Arange(1000, DType.Int64).ToString();
        Assert.DoesNotContain("...", text);
        Assert.EndsWith("997, 998, 999])", text);
        Assert.Equal(1000, text.Split(',').Length);
    }

    [Fact]
    public void SummarizedWidth_ComesOnlyFromShownValues()
    {
        // The hidden middle holds 1e6; only ones are shown, so the format stays "1." (1e6 would force scientific).
        var values = Enumerable.Repeat(1f, 1001).ToArray();
        values[500] = 1e6f;
        Assert.Equal("tensor([1., 1., 1.,  ..., 1., 1., 1.])", F32(values).ToString());
    }

    [Fact]
    public void NonContiguousViews_PrintInLogicalOrder()
    {
        var t = TensorData.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2).Transpose(0, 1);
        Assert.Equal("tensor([[1, 3],\n        [2, 4]])", t.ToString());
    }

    [Fact]
    public void PrintOptions_ChangePrecisionAndForceScientific()
    {
        Assert.Equal("tensor([1.12])", F32([1.12345f], 1).ToString(new PrintOptions { Precision = 2 }));
        Assert.Equal("tensor([1.5000e+00, 2.0000e+00])", F32([1.5f, 2f]).ToString(new PrintOptions { SciMode = true }));
        // _vector_str joins the " ..." item with ", ", so two spaces precede it (the set_printoptions docstring shows one).
        Assert.Equal("tensor([0, 1, 2,  ..., 7, 8, 9])", TensorData.Arange(10, DType.Int64).ToString(new PrintOptions { Threshold = 5 }));
    }
}
