using System.Buffers;
using System.Numerics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// softmax and log_softmax along the middle dim of a contiguous [outer, size, inner] tensor,
/// shifted by the maximum so large logits stay finite. When the dim is innermost each row is one
/// run; otherwise whole rows of <c>inner</c> elements are combined, vectorized along the kept dim.
/// </summary>
internal static class SoftmaxKernels
{
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int size, int inner)
        where T : struct, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * size, size);
                var output = y.Slice(o * size, size);
                T max = AggregationLoops.Aggregate<T, AmaxOperator<T>>(row);
                ElementwiseLoops.Binary<T, SubtractExpOperator<T>>(row, max, output);
                T sum = AggregationLoops.Aggregate<T, SumOperator<T>>(output);
                ElementwiseLoops.Binary<T, DivideOperator<T>>(output, sum, output);
            }
            return;
        }
        T[] scratch = ArrayPool<T>.Shared.Rent(2 * inner);
        try
        {
            var max = scratch.AsSpan(0, inner);
            var sum = scratch.AsSpan(inner, inner);
            for (int o = 0; o < outer; o++)
            {
                int block = size * inner;
                var rows = x.Slice(o * block, block);
                var output = y.Slice(o * block, block);
                AggregationLoops.CombineRows<T, AmaxOperator<T>>(rows, size, inner, max);
                for (int d = 0; d < size; d++)
                    ElementwiseLoops.Binary<T, SubtractExpOperator<T>>(rows.Slice(d * inner, inner), max, output.Slice(d * inner, inner));
                AggregationLoops.CombineRows<T, SumOperator<T>>(output, size, inner, sum);
                for (int d = 0; d < size; d++)
                {
                    var row = output.Slice(d * inner, inner);
                    ElementwiseLoops.Binary<T, DivideOperator<T>>(row, sum, row);
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }

    /// <summary>y = x - max - log(sum(exp(x - max))).</summary>
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int size, int inner)
        where T : struct, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (inner == 1)
        {
            T[] exps = ArrayPool<T>.Shared.Rent(size);
            try
            {
                var e = exps.AsSpan(0, size);
                for (int o = 0; o < outer; o++)
                {
                    var row = x.Slice(o * size, size);
                    var output = y.Slice(o * size, size);
                    T max = AggregationLoops.Aggregate<T, AmaxOperator<T>>(row);
                    ElementwiseLoops.Binary<T, SubtractExpOperator<T>>(row, max, e);
                    T shift = max + LogOperator<T>.Invoke(AggregationLoops.Aggregate<T, SumOperator<T>>(e));
                    ElementwiseLoops.Binary<T, SubtractOperator<T>>(row, shift, output);
                }
            }
            finally { ArrayPool<T>.Shared.Return(exps); }
            return;
        }
        T[] scratch = ArrayPool<T>.Shared.Rent(3 * inner);
        try
        {
            var max = scratch.AsSpan(0, inner);
            var sum = scratch.AsSpan(inner, inner);
            var e = scratch.AsSpan(2 * inner, inner);
            for (int o = 0; o < outer; o++)
            {
                int block = size * inner;
                var rows = x.Slice(o * block, block);
                var output = y.Slice(o * block, block);
                AggregationLoops.CombineRows<T, AmaxOperator<T>>(rows, size, inner, max);
                sum.Clear();
                for (int d = 0; d < size; d++)
                {
                    ElementwiseLoops.Binary<T, SubtractExpOperator<T>>(rows.Slice(d * inner, inner), max, e);
                    ElementwiseLoops.Binary<T, AddOperator<T>>(sum, e, sum);
                }
                // sum becomes the per-column shift max + log(sum).
                ElementwiseLoops.Unary<T, LogOperator<T>>(sum, sum);
                ElementwiseLoops.Binary<T, AddOperator<T>>(sum, max, sum);
                for (int d = 0; d < size; d++)
                    ElementwiseLoops.Binary<T, SubtractOperator<T>>(rows.Slice(d * inner, inner), sum, output.Slice(d * inner, inner));
            }
        }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }
}
