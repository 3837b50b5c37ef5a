using System.Numerics;
using MiniTorch.Tensors.Kernels.Convolution;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors;

// 2-d convolution and its two gradients (the bias gradient is gradOutput summed over N, H, W).
// Shapes and hyperparameters follow torch.nn.functional.conv2d; pairs are (height, width).
public static class ConvolutionOps
{
    extension(TensorData)
    {
        /// <summary>
        /// conv2d: input [N, C, H, W] (or unbatched [C, H, W]), weight [O, C/groups, kH, kW], bias [O]
        /// or null; returns [N, O, outH, outW] with outH = (H + 2*padH - dilH*(kH-1) - 1) / strideH + 1.
        /// </summary>
        public static TensorData Conv2d(TensorData input, TensorData weight, TensorData? bias,
            (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
        {
            int threads = Threading.ThreadCount;
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            CheckConvDTypes("conv2d", input, weight, bias);
            bool unbatched = IsUnbatched(input.Shape, "conv2d");
            var x = unbatched ? input.Unsqueeze(0) : input;
            var g = ConvGeometry.Create(x.ShapeRef, weight.ShapeRef, stride, padding, dilation, groups, "conv2d");
            if (bias != null && (bias.Rank != 1 || bias.ShapeRef[0] != g.OutChannels))
                throw new ArgumentException($"conv2d: Given weight of size {ShapeUtil.Format(weight.ShapeRef)}, expected bias to be 1-dimensional with {g.OutChannels} elements, but got bias of size {ShapeUtil.Format(bias.ShapeRef)} instead");

            var output = TensorData.Uninitialized(input.DType, g.OutputShape); // every element is written below
            if (output.Numel > 0)
            {
                x = x.Contiguous();
                var w = weight.Contiguous();
                var b = bias?.Contiguous();
                if (input.DType == DType.Float32) ConvForwardTyped<float>(g, x, w, b, output, threads);
                else ConvForwardTyped<double>(g, x, w, b, output, threads);
            }
            return unbatched ? output.Squeeze(0) : output;
        }

        /// <summary>The gradient of <see cref="Conv2d(TensorData, TensorData, TensorData?, ValueTuple{int, int}, ValueTuple{int, int}, ValueTuple{int, int}, int)"/> with respect to its input, of shape <paramref name="inputShape"/>.</summary>
        public static TensorData Conv2dBackwardInput(TensorData gradOutput, TensorData weight, ReadOnlySpan<int> inputShape,
            (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
        {
            ArgumentNullException.ThrowIfNull(weight);
            var (g, dy, unbatched) = BackwardGeometry(gradOutput, weight, inputShape, weight.Shape, stride, padding, dilation, groups, "conv2d_backward_input");
            int threads = Threading.ThreadCount;
            var gradInput = TensorData.Uninitialized(gradOutput.DType, g.InputShape); // every element is written below
            if (gradInput.Numel > 0)
            {
                var w = weight.Contiguous();
                if (gradOutput.DType == DType.Float32) ConvBackwardInputTyped<float>(g, dy, w, gradInput, threads);
                else ConvBackwardInputTyped<double>(g, dy, w, gradInput, threads);
            }
            return unbatched ? gradInput.Squeeze(0) : gradInput;
        }

        /// <summary>The gradient of conv2d with respect to its weight, of shape <paramref name="weightShape"/>.</summary>
        public static TensorData Conv2dBackwardWeight(TensorData gradOutput, TensorData input, ReadOnlySpan<int> weightShape,
            (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
        {
            ArgumentNullException.ThrowIfNull(input);
            var (g, dy, unbatched) = BackwardGeometry(gradOutput, input, input.Shape, weightShape, stride, padding, dilation, groups, "conv2d_backward_weight");
            int threads = Threading.ThreadCount;
            var gradWeight = TensorData.Uninitialized(input.DType, weightShape); // every element is written below
            if (gradWeight.Numel > 0)
            {
                var x = (unbatched ? input.Unsqueeze(0) : input).Contiguous();
                if (input.DType == DType.Float32) ConvBackwardWeightTyped<float>(g, dy, x, gradWeight, threads);
                else ConvBackwardWeightTyped<double>(g, dy, x, gradWeight, threads);
            }
            return gradWeight;
        }
    }

    private static unsafe void ConvForwardTyped<T>(ConvGeometry g, TensorData x, TensorData w, TensorData? b, TensorData y, int threads)
        where T : unmanaged, INumber<T>
    {
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* pw = &w.FirstElement<T>())
        fixed (T* pb = &b.FirstElement<T>())
        fixed (T* py = &y.FirstElement<T>())
        {
            Conv2dKernels<T>.Forward(g, px, pw, pb, py, threads);
        }
    }

    private static unsafe void ConvBackwardInputTyped<T>(ConvGeometry g, TensorData dy, TensorData w, TensorData dx, int threads)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pdy = &dy.FirstElement<T>())
        fixed (T* pw = &w.FirstElement<T>())
        fixed (T* pdx = &dx.FirstElement<T>())
        {
            Conv2dKernels<T>.BackwardInput(g, pdy, pw, pdx, threads);
        }
    }

    private static unsafe void ConvBackwardWeightTyped<T>(ConvGeometry g, TensorData dy, TensorData x, TensorData dw, int threads)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pdy = &dy.FirstElement<T>())
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* pdw = &dw.FirstElement<T>())
        {
            Conv2dKernels<T>.BackwardWeight(g, pdy, px, pdw, threads);
        }
    }

    /// <summary>
    /// The rank rule of 2-d convolution and pooling inputs: true for an unbatched [C, H, W] shape,
    /// false for a batched [N, C, H, W] one; any other rank is an error naming <paramref name="op"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="shape"/> is neither 3-d nor 4-d.</exception>
    public static bool IsUnbatched(ReadOnlySpan<int> shape, string op)
    {
        if (shape.Length is not (3 or 4))
            throw new ArgumentException($"{op}: expected 3D (unbatched) or 4D (batched) input, but got input of size: {ShapeUtil.Format(shape)}");
        return shape.Length == 3;
    }

    /// <summary>
    /// The checks both gradients share: the dtypes of gradOutput and the forward operand, the rank of
    /// the input, and gradOutput's shape. Returns the batched geometry and gradOutput as a contiguous 4-d tensor.
    /// </summary>
    private static (ConvGeometry Geometry, TensorData GradOutput, bool Unbatched) BackwardGeometry(TensorData gradOutput, TensorData operand,
        ReadOnlySpan<int> inputShape, ReadOnlySpan<int> weightShape, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups, string op)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        CheckConvDTypes(op, gradOutput, operand, null);
        bool unbatched = IsUnbatched(inputShape, op);
        int[] shape = unbatched ? [1, .. inputShape] : inputShape.ToArray();
        var g = ConvGeometry.Create(shape, weightShape, stride, padding, dilation, groups, op);
        return (g, CheckGradOutput(gradOutput, g, unbatched, op), unbatched);
    }

    /// <summary>gradOutput as a contiguous 4-d tensor, after checking it has the shape the forward pass produced.</summary>
    private static TensorData CheckGradOutput(TensorData gradOutput, in ConvGeometry g, bool unbatched, string op)
    {
        var expected = g.OutputShape;
        var actual = unbatched && gradOutput.Rank == 3 ? [1, .. gradOutput.ShapeRef] : gradOutput.ShapeRef;
        if (!actual.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"{op}: gradOutput of size {ShapeUtil.Format(gradOutput.ShapeRef)} does not match the convolution output size {ShapeUtil.Format(unbatched ? expected[1..] : expected)} (input {ShapeUtil.Format(unbatched ? g.InputShape[1..] : g.InputShape)}, weight {ShapeUtil.Format(g.WeightShape)})");
        return (gradOutput.Rank == 3 ? gradOutput.Unsqueeze(0) : gradOutput).Contiguous();
    }

    private static void CheckConvDTypes(string op, TensorData a, TensorData b, TensorData? c)
    {
        if (!a.IsFloatingPoint)
            throw new ArgumentException($"{op} supports float32 and float64, got {a.DType.Name()} (shape {ShapeUtil.Format(a.ShapeRef)})");
        if (b.DType != a.DType || (c != null && c.DType != a.DType))
            throw new ArgumentException($"{op}: expected input{ShapeUtil.Format(a.ShapeRef)} ({a.DType.Name()}) and weight{ShapeUtil.Format(b.ShapeRef)} ({b.DType.Name()}){(c == null ? "" : $" and bias {ShapeUtil.Format(c.ShapeRef)} ({c.DType.Name()})")} to have the same dtype");
    }
}
