using System.Numerics;

namespace MiniTorch.Tensors.Kernels;

/// <summary>
/// Loops behind gather, scatter_add, index_select and index_add. Index values are checked by the
/// callers before anything is written, so a bad index never leaves a tensor half changed.
/// </summary>
internal static class IndexKernels
{
    /// <summary>
    /// Strides that read <paramref name="self"/> over the index's shape with the gathered dim
    /// pinned at 0 (the index value supplies it).
    /// </summary>
    private static int[] PinnedStrides(TensorData self, int dim)
    {
        var strides = self.Strides.ToArray();
        if (strides.Length > 0) strides[dim] = 0;
        return strides;
    }

    private static int DimStride(TensorData self, int dim) => self.Rank == 0 ? 0 : self.Strides[dim];

    /// <summary>out[i...] = self[i... with dim replaced by index[i...]]; out is contiguous with the index's shape.</summary>
    public static void Gather<T>(TensorData self, int dim, TensorData index, TensorData output)
    {
        var src = self.StorageSpan<T>();
        var idx = index.StorageSpan<long>();
        var dst = output.StorageSpan<T>();
        int dimStride = DimStride(self, dim);
        var walker = new StridedWalker(index.Shape, [output.StridesRef, index.StridesRef, PinnedStrides(self, dim)], [output.Offset, index.Offset, self.Offset]);
        int n = walker.RunLength, so = walker.InnerStride(0), si = walker.InnerStride(1), ss = walker.InnerStride(2);
        while (walker.MoveNext())
        {
            int oo = walker.Offset(0), oi = walker.Offset(1), os = walker.Offset(2);
            for (int i = 0; i < n; i++)
                dst[oo + i * so] = src[os + i * ss + (int)idx[oi + i * si] * dimStride];
        }
    }

    /// <summary>self[i... with dim replaced by index[i...]] += source[i...], over the index's shape.</summary>
    public static void ScatterAdd<T>(TensorData self, int dim, TensorData index, TensorData source) where T : struct, INumber<T>
    {
        var dst = self.StorageSpan<T>();
        var idx = index.StorageSpan<long>();
        var src = source.StorageSpan<T>();
        int dimStride = DimStride(self, dim);
        var walker = new StridedWalker(index.Shape, [PinnedStrides(self, dim), index.StridesRef, source.StridesRef], [self.Offset, index.Offset, source.Offset]);
        int n = walker.RunLength, sd = walker.InnerStride(0), si = walker.InnerStride(1), ss = walker.InnerStride(2);
        while (walker.MoveNext())
        {
            int od = walker.Offset(0), oi = walker.Offset(1), os = walker.Offset(2);
            for (int i = 0; i < n; i++)
                dst[od + i * sd + (int)idx[oi + i * si] * dimStride] += src[os + i * ss];
        }
    }

    /// <summary>The first index value outside [0, size), or null when all are inside.</summary>
    public static long? FirstOutOfRange(TensorData index, int size)
    {
        var idx = index.StorageSpan<long>();
        var walker = new StridedWalker(index.Shape, [index.StridesRef], [index.Offset]);
        int n = walker.RunLength, si = walker.InnerStride(0);
        while (walker.MoveNext())
        {
            int oi = walker.Offset(0);
            for (int i = 0; i < n; i++)
            {
                long v = idx[oi + i * si];
                if (v < 0 || v >= size) return v;
            }
        }
        return null;
    }

    /// <summary>destination[o, i, :] = source[o, index[i], :] for contiguous [outer, size, inner] source and [outer, count, inner] destination.</summary>
    public static void IndexSelect<T>(ReadOnlySpan<T> source, ReadOnlySpan<long> index, int outer, int size, int inner, Span<T> destination)
    {
        int count = index.Length;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < count; i++)
                source.Slice((o * size + (int)index[i]) * inner, inner).CopyTo(destination.Slice((o * count + i) * inner, inner));
    }

    /// <summary>destination[o, index[i], :] += source[o, i, :]; rows add with the vectorized elementwise loop.</summary>
    public static void IndexAdd<T>(Span<T> destination, ReadOnlySpan<long> index, int outer, int size, int inner, ReadOnlySpan<T> source)
        where T : struct, INumber<T>
    {
        int count = index.Length;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < count; i++)
            {
                var row = destination.Slice((o * size + (int)index[i]) * inner, inner);
                ElementwiseLoops.Binary<T, AddOperator<T>>(row, source.Slice((o * count + i) * inner, inner), row);
            }
    }
}
