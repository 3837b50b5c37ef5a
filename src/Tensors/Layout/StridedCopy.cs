namespace MiniTorch.Tensors;

/// <summary>Copies between tensors of one shape and dtype whatever their strides.</summary>
internal static class StridedCopy
{
    public static void Copy(TensorData source, TensorData destination)
    {
        switch (destination.DType)
        {
            case DType.Float32: Copy<float>(source, destination); break;
            case DType.Float64: Copy<double>(source, destination); break;
            case DType.Int64: Copy<long>(source, destination); break;
            case DType.Bool: Copy<bool>(source, destination); break;
        }
    }

    private static void Copy<T>(TensorData source, TensorData destination)
    {
        var src = source.StorageSpan<T>();
        var dst = destination.StorageSpan<T>();
        var walker = new StridedWalker(destination.Shape, [destination.StridesRef, source.StridesRef], [destination.Offset, source.Offset]);
        int n = walker.RunLength;
        int sd = walker.InnerStride(0), ss = walker.InnerStride(1);
        while (walker.MoveNext())
        {
            int od = walker.Offset(0), os = walker.Offset(1);
            if (sd == 1 && ss == 1) src.Slice(os, n).CopyTo(dst.Slice(od, n));
            else if (sd == 1 && ss == 0) dst.Slice(od, n).Fill(src[os]);
            else for (int i = 0; i < n; i++) dst[od + i * sd] = src[os + i * ss];
        }
    }
}
