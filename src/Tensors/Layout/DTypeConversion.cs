namespace MiniTorch.Tensors;

/// <summary>Element conversion between dtypes, with PyTorch's rules (float to int truncates toward zero).</summary>
internal static class DTypeConversion
{
    /// <summary>Converts contiguous <paramref name="source"/> into contiguous <paramref name="destination"/> of the same shape.</summary>
    public static void Convert(TensorData source, TensorData destination)
    {
        int n = source.Numel;
        double[] values = source.ToDoubleArray(); // exact for float32/float64/bool; int64 beyond 2^53 handled below
        switch (destination.DType)
        {
            case DType.Float32:
                var f = destination.Span<float>();
                if (source.DType == DType.Float64) { var s = source.Span<double>(); for (int i = 0; i < n; i++) f[i] = (float)s[i]; }
                else for (int i = 0; i < n; i++) f[i] = (float)values[i];
                break;
            case DType.Float64:
                var d = destination.Span<double>();
                values.AsSpan().CopyTo(d);
                break;
            case DType.Int64:
                var l = destination.Span<long>();
                if (source.DType == DType.Bool) for (int i = 0; i < n; i++) l[i] = (long)values[i];
                else for (int i = 0; i < n; i++) l[i] = (long)Math.Truncate(values[i]);
                break;
            case DType.Bool:
                var b = destination.Span<bool>();
                for (int i = 0; i < n; i++) b[i] = values[i] != 0;
                break;
        }
    }
}
