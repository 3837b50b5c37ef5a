using System.Numerics;
using MiniTorch.Tensors.Kernels.Pooling;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors;

// 2-d max and average pooling over [N, C, H, W] (or unbatched [C, H, W]) with their gradients,
// as torch.nn.functional.max_pool2d / avg_pool2d with ceil_mode=False and dilation 1.
public static class PoolingOps
{
    extension(TensorData)
    {
        /// <summary>
        /// max_pool2d with return_indices: the maxima and, for each, the flat index h*W + w of the
        /// winning pixel inside its input plane (int64). Padding counts as -inf and may be at most half
        /// the kernel. A NaN in a window wins, as in PyTorch.
        /// </summary>
        public static (TensorData Output, TensorData Indices) MaxPool2d(TensorData input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
        {
            int threads = Threading.ThreadCount;
            ArgumentNullException.ThrowIfNull(input);
            CheckPoolDType(input, "max_pool2d");
            var g = PoolGeometry.Create(input.ShapeRef, kernel, stride, padding, "max_pool2d");
            var x = input.Contiguous();
            var shape = g.OutputShape(input.ShapeRef);
            var output = TensorData.Uninitialized(input.DType, shape); // every window writes its maximum and index
            var indices = TensorData.Uninitialized(DType.Int64, shape);
            if (output.Numel > 0)
            {
                if (input.DType == DType.Float32) MaxPoolTyped<float>(g, x, output, indices, threads);
                else MaxPoolTyped<double>(g, x, output, indices, threads);
            }
            return (output, indices);
        }

        /// <summary>The input gradient of max_pool2d: each output gradient is added at its recorded index.</summary>
        public static TensorData MaxPool2dBackward(TensorData gradOutput, TensorData indices, ReadOnlySpan<int> inputShape)
        {
            int threads = Threading.ThreadCount;
            ArgumentNullException.ThrowIfNull(gradOutput);
            ArgumentNullException.ThrowIfNull(indices);
            CheckPoolDType(gradOutput, "max_pool2d_backward");
            if (indices.DType != DType.Int64)
                throw new ArgumentException($"max_pool2d_backward: indices must be int64, got {indices.DType.Name()}");
            if (!indices.Shape.SequenceEqual(gradOutput.Shape))
                throw new ArgumentException($"max_pool2d_backward: indices of size {ShapeUtil.Format(indices.ShapeRef)} do not match gradOutput of size {ShapeUtil.Format(gradOutput.ShapeRef)}");
            var g = PlanesOf(gradOutput, inputShape, "max_pool2d_backward");
            var gradInput = TensorData.Zeros(gradOutput.DType, inputShape.ToArray());
            if (gradOutput.Numel > 0)
            {
                var dy = gradOutput.Contiguous();
                var idx = indices.Contiguous();
                if (gradOutput.DType == DType.Float32) MaxPoolBackwardTyped<float>(g, dy, idx, gradInput, threads);
                else MaxPoolBackwardTyped<double>(g, dy, idx, gradInput, threads);
            }
            return gradInput;
        }

        /// <summary>avg_pool2d with count_include_pad=True: every window sum is divided by kH*kW.</summary>
        public static TensorData AvgPool2d(TensorData input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
        {
            int threads = Threading.ThreadCount;
            ArgumentNullException.ThrowIfNull(input);
            CheckPoolDType(input, "avg_pool2d");
            var g = PoolGeometry.Create(input.ShapeRef, kernel, stride, padding, "avg_pool2d");
            var x = input.Contiguous();
            var output = TensorData.Uninitialized(input.DType, g.OutputShape(input.ShapeRef)); // every window writes its mean
            if (output.Numel > 0)
            {
                if (input.DType == DType.Float32) AvgPoolTyped<float>(g, x, output, threads);
                else AvgPoolTyped<double>(g, x, output, threads);
            }
            return output;
        }

        /// <summary>The input gradient of avg_pool2d: each output gradient, divided by kH*kW, is added over its window.</summary>
        public static TensorData AvgPool2dBackward(TensorData gradOutput, ReadOnlySpan<int> inputShape, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
        {
            int threads = Threading.ThreadCount;
            ArgumentNullException.ThrowIfNull(gradOutput);
            CheckPoolDType(gradOutput, "avg_pool2d_backward");
            var g = PoolGeometry.Create(inputShape, kernel, stride, padding, "avg_pool2d_backward");
            var expected = g.OutputShape(inputShape);
            if (!gradOutput.Shape.SequenceEqual(expected))
                throw new ArgumentException($"avg_pool2d_backward: gradOutput of size {ShapeUtil.Format(gradOutput.ShapeRef)} does not match the pooling output size {ShapeUtil.Format(expected)} for input {ShapeUtil.Format(inputShape)}");
            var gradInput = TensorData.Zeros(gradOutput.DType, inputShape.ToArray());
            if (gradOutput.Numel > 0)
            {
                var dy = gradOutput.Contiguous();
                if (gradOutput.DType == DType.Float32) AvgPoolBackwardTyped<float>(g, dy, gradInput, threads);
                else AvgPoolBackwardTyped<double>(g, dy, gradInput, threads);
            }
            return gradInput;
        }
    }

    /// <summary>
    /// The geometry max-pool backward needs (planes and sizes only), from the input shape and a
    /// gradOutput whose leading dims must match it.
    /// </summary>
    private static PoolGeometry PlanesOf(TensorData gradOutput, ReadOnlySpan<int> inputShape, string op)
    {
        if (inputShape.Length is not (3 or 4) || gradOutput.Rank != inputShape.Length
            || !gradOutput.Shape[..^2].SequenceEqual(inputShape[..^2]))
            throw new ArgumentException($"{op}: gradOutput of size {ShapeUtil.Format(gradOutput.ShapeRef)} does not fit an input of size {ShapeUtil.Format(inputShape)}");
        int planes = ShapeUtil.Numel(inputShape[..^2]);
        return new PoolGeometry(planes, inputShape[^2], inputShape[^1], 1, 1, 1, 1, 0, 0, gradOutput.ShapeRef[^2], gradOutput.ShapeRef[^1]);
    }

    private static void CheckPoolDType(TensorData t, string op)
    {
        if (!t.IsFloatingPoint)
            throw new ArgumentException($"{op} supports float32 and float64, got {t.DType.Name()} (shape {ShapeUtil.Format(t.ShapeRef)})");
    }

    private static unsafe void MaxPoolTyped<T>(PoolGeometry g, TensorData x, TensorData y, TensorData indices, int threads) where T : unmanaged, INumber<T>
    {
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* py = &y.FirstElement<T>())
        fixed (long* pi = &indices.FirstElement<long>())
        {
            PoolingKernels<T>.MaxForward(g, px, py, pi, threads);
        }
    }

    private static unsafe void MaxPoolBackwardTyped<T>(PoolGeometry g, TensorData dy, TensorData indices, TensorData dx, int threads) where T : unmanaged, INumber<T>
    {
        fixed (T* pdy = &dy.FirstElement<T>())
        fixed (long* pi = &indices.FirstElement<long>())
        fixed (T* pdx = &dx.FirstElement<T>())
        {
            PoolingKernels<T>.MaxBackward(g, pdy, pi, pdx, threads);
        }
    }

    private static unsafe void AvgPoolTyped<T>(PoolGeometry g, TensorData x, TensorData y, int threads) where T : unmanaged, INumber<T>
    {
        fixed (T* px = &x.FirstElement<T>())
        fixed (T* py = &y.FirstElement<T>())
        {
            PoolingKernels<T>.AvgForward(g, px, py, threads);
        }
    }

    private static unsafe void AvgPoolBackwardTyped<T>(PoolGeometry g, TensorData dy, TensorData dx, int threads) where T : unmanaged, INumber<T>
    {
        fixed (T* pdy = &dy.FirstElement<T>())
        fixed (T* pdx = &dx.FirstElement<T>())
        {
            PoolingKernels<T>.AvgBackward(g, pdy, pdx, threads);
        }
    }
}
