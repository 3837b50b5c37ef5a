using MiniTorch.Tensors;

namespace MiniTorch;

// TEMPORARY: stand-ins with the agreed signatures of tensor kernels that other branches are
// writing. Real TensorData members shadow these extension members as soon as they land; then
// this file is deleted. Only Sum/SumToShape are (slowly) implemented, so broadcasting can be
// tested meanwhile; the rest throw.
internal static class PendingKernels
{
    private static NotImplementedException Pending(string name) => new($"tensor kernel {name} has not landed yet");

    extension(TensorData x)
    {
        public TensorData Sum(int[]? dims = null, bool keepDim = false) => NaiveSum(x, dims, keepDim);
        public TensorData Mean(int[]? dims = null, bool keepDim = false)
        {
            var s = NaiveSum(x, dims, keepDim);
            return s.Div(x.Numel == 0 ? 0 : (double)x.Numel / Math.Max(1, s.Numel));
        }
        public TensorData Amax(int[]? dims, bool keepDim) => throw Pending("Amax");
        public TensorData Amin(int[]? dims, bool keepDim) => throw Pending("Amin");
        public (TensorData Values, TensorData Indices) Max(int dim, bool keepDim) => throw Pending("Max");
        public (TensorData Values, TensorData Indices) Min(int dim, bool keepDim) => throw Pending("Min");
        public TensorData ArgMax(int? dim, bool keepDim) => throw Pending("ArgMax");
        public TensorData Var(int[]? dims, int correction = 1, bool keepDim = false) => throw Pending("Var");
        public TensorData LogSumExp(int[] dims, bool keepDim) => throw Pending("LogSumExp");
        public TensorData Softmax(int dim) => throw Pending("Softmax");
        public TensorData LogSoftmax(int dim) => throw Pending("LogSoftmax");
        public TensorData SumToShape(ReadOnlySpan<int> shape)
        {
            int lead = x.Rank - shape.Length;
            var dims = new List<int>();
            for (int d = 0; d < x.Rank; d++) if (d < lead || (shape[d - lead] == 1 && x.Shape[d] != 1)) dims.Add(d);
            return NaiveSum(x, dims.ToArray(), true).Reshape(shape.ToArray());
        }
        public TensorData Gather(int dim, TensorData index) => throw Pending("Gather");
        public TensorData IndexSelect(int dim, TensorData index) => throw Pending("IndexSelect");
        public TensorData ScatterAdd(int dim, TensorData index, TensorData src) => throw Pending("ScatterAdd");
        public TensorData ScatterAddInPlace(int dim, TensorData index, TensorData src) => throw Pending("ScatterAddInPlace");
        public TensorData IndexAddInPlace(int dim, TensorData index, TensorData src) => throw Pending("IndexAddInPlace");
        public TensorData Matmul(TensorData other) => throw Pending("Matmul");
        public TensorData Erf() => throw Pending("Erf");
        public TensorData Gelu(string approximate = "none") => throw Pending("Gelu");
    }

    extension(TensorData)
    {
        public static TensorData SoftmaxBackward(TensorData grad, TensorData output, int dim) => throw Pending("SoftmaxBackward");
        public static TensorData LogSoftmaxBackward(TensorData grad, TensorData output, int dim) => throw Pending("LogSoftmaxBackward");
        public static TensorData Cat(IReadOnlyList<TensorData> tensors, int dim) => throw Pending("Cat");
        public static TensorData Stack(IReadOnlyList<TensorData> tensors, int dim) => throw Pending("Stack");
        public static void Gemm(TensorData a, TensorData b, TensorData c, bool accumulate = false) => throw Pending("Gemm");
        public static TensorData Conv2d(TensorData input, TensorData weight, TensorData? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups) => throw Pending("Conv2d");
        public static TensorData Conv2dBackwardInput(TensorData gradOutput, TensorData weight, ReadOnlySpan<int> inputShape, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups) => throw Pending("Conv2dBackwardInput");
        public static TensorData Conv2dBackwardWeight(TensorData gradOutput, TensorData input, ReadOnlySpan<int> weightShape, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups) => throw Pending("Conv2dBackwardWeight");
        public static (TensorData Output, TensorData Indices) MaxPool2d(TensorData input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) => throw Pending("MaxPool2d");
        public static TensorData MaxPool2dBackward(TensorData gradOutput, TensorData indices, ReadOnlySpan<int> inputShape) => throw Pending("MaxPool2dBackward");
        public static TensorData AvgPool2d(TensorData input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) => throw Pending("AvgPool2d");
        public static TensorData AvgPool2dBackward(TensorData gradOutput, ReadOnlySpan<int> inputShape, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) => throw Pending("AvgPool2dBackward");
        public static TensorData GeluBackward(TensorData grad, TensorData x, string approximate) => throw Pending("GeluBackward");
        public static TensorData SiluBackward(TensorData grad, TensorData x) => throw Pending("SiluBackward");
    }

    private static TensorData NaiveSum(TensorData x, int[]? dims, bool keepDim)
    {
        int rank = x.Rank;
        var reduce = new bool[rank];
        if (dims is null || dims.Length == 0) Array.Fill(reduce, true);
        else foreach (var d in dims) reduce[ShapeUtil.NormalizeDim(d, rank)] = true;
        var outShape = new List<int>();
        for (int d = 0; d < rank; d++) if (!reduce[d]) outShape.Add(x.Shape[d]); else if (keepDim) outShape.Add(1);
        var keepShape = new int[rank];
        for (int d = 0; d < rank; d++) keepShape[d] = reduce[d] ? 1 : x.Shape[d];
        var values = x.ToDoubleArray();
        var acc = new double[ShapeUtil.Numel(keepShape)];
        var strides = ShapeUtil.ContiguousStrides(keepShape);
        var index = new int[rank];
        for (int i = 0; i < values.Length; i++)
        {
            int rem = i, o = 0;
            for (int d = rank - 1; d >= 0; d--) { index[d] = rem % x.Shape[d]; rem /= x.Shape[d]; }
            for (int d = 0; d < rank; d++) if (!reduce[d]) o += index[d] * strides[d];
            acc[o] += values[i];
        }
        return TensorData.FromArray(acc, outShape.ToArray()).To(x.DType);
    }
}
