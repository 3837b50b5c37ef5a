using MiniTorch.Tensors;

namespace MiniTorch;

// TEMPORARY: stand-ins with the agreed signatures of tensor kernels that other branches are
// writing. Real TensorData members shadow these extension members as soon as they land; then
// this file is deleted. They all throw.
internal static class PendingKernels
{
    private static NotImplementedException Pending(string name) => new($"tensor kernel {name} has not landed yet");

    extension(TensorData x)
    {
        public TensorData Matmul(TensorData other) => throw Pending("Matmul");
        public TensorData Erf() => throw Pending("Erf");
        public TensorData Gelu(string approximate = "none") => throw Pending("Gelu");
    }

    extension(TensorData)
    {
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
}
