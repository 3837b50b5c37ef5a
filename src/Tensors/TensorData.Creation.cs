namespace MiniTorch.Tensors;

// Factories. Every one allocates through StorageAllocator.
public sealed partial class TensorData
{
    /// <summary>A 0-d tensor.</summary>
    public static TensorData Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    public static TensorData Ones(DType dtype, params int[] shape) => Full(shape, 1, dtype);

    public static TensorData Full(int[] shape, double value, DType dtype = DType.Float32)
    {
        var t = Zeros(dtype, shape);
        if (value == 0) return t;
        switch (dtype)
        {
            case DType.Float32: t.Span<float>().Fill((float)value); break;
            case DType.Float64: t.Span<double>().Fill(value); break;
            case DType.Int64: t.Span<long>().Fill(checked((long)value)); break;
            case DType.Bool: t.Span<bool>().Fill(value != 0); break;
        }
        return t;
    }

    /// <summary>Wraps (does not copy) a row-major array as a tensor of <paramref name="shape"/>.</summary>
    public static TensorData FromArray<T>(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 && data.Length != 1 ? [data.Length] : (int[])shape.Clone();
        int n = ShapeUtil.Numel(s);
        if (n != data.Length)
            throw new ArgumentException($"{data.Length} values cannot fill shape {ShapeUtil.Format(s)} ({n} elements)");
        return new TensorData(StorageAllocator.Wrap(data), s, ShapeUtil.ContiguousStrides(s), 0);
    }

    /// <summary>Copies a row-major array into a new tensor of <paramref name="shape"/>.</summary>
    public static TensorData CopyFromArray<T>(ReadOnlySpan<T> data, params int[] shape) => FromArray(data.ToArray(), shape);

    /// <summary>[start, end) in steps of <paramref name="step"/>, like torch.arange (length ceil((end-start)/step)).</summary>
    public static TensorData Arange(double start, double end, double step = 1, DType dtype = DType.Float32)
    {
        if (step == 0) throw new ArgumentException("arange: step must be nonzero");
        if (double.IsNaN(start) || double.IsNaN(end) || double.IsInfinity(start) || double.IsInfinity(end))
            throw new ArgumentException($"arange: unsupported range: {start} -> {end}");
        if ((end - start) / step < 0)
            throw new ArgumentException($"arange: upper bound and larger bound inconsistent with step sign (start {start}, end {end}, step {step})");
        int n = (int)Math.Ceiling((end - start) / step);
        var t = Zeros(dtype, n);
        for (int i = 0; i < n; i++) t.SetFlat(i, start + i * step);
        return t;
    }

    public static TensorData Arange(double end, DType dtype = DType.Float32) => Arange(0, end, 1, dtype);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive (PyTorch's symmetric formula).</summary>
    public static TensorData Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "linspace: number of steps must be non-negative");
        var t = Zeros(dtype, steps);
        if (steps == 1) { t.SetFlat(0, start); return t; }
        double step = (end - start) / (steps - 1);
        int half = steps / 2;
        // Like PyTorch: the first half counts up from start, the second half down from end, so both ends are exact.
        for (int i = 0; i < steps; i++)
            t.SetFlat(i, i < half ? start + step * i : end - step * (steps - 1 - i));
        return t;
    }

    /// <summary>An n x m identity matrix.</summary>
    public static TensorData Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        if (n < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(n), $"eye: sizes must be non-negative, got {n} x {cols}");
        var t = Zeros(dtype, n, cols);
        for (int i = 0; i < Math.Min(n, cols); i++) t.SetFlat(i * cols + i, 1);
        return t;
    }

    public static TensorData ZerosLike(TensorData other) => Zeros(other.DType, other._shape);
    public static TensorData OnesLike(TensorData other) => Ones(other.DType, other._shape);

    /// <summary>Reads element <paramref name="index"/> (row-major) of a contiguous tensor as double.</summary>
    internal double GetFlat(int index) => DType switch
    {
        DType.Float32 => Span<float>()[index],
        DType.Float64 => Span<double>()[index],
        DType.Int64 => Span<long>()[index],
        _ => Span<bool>()[index] ? 1 : 0,
    };

    /// <summary>Writes element <paramref name="index"/> (row-major) of a contiguous tensor, converting from double.</summary>
    internal void SetFlat(int index, double value)
    {
        switch (DType)
        {
            case DType.Float32: Span<float>()[index] = (float)value; break;
            case DType.Float64: Span<double>()[index] = value; break;
            case DType.Int64: Span<long>()[index] = (long)value; break;
            case DType.Bool: Span<bool>()[index] = value != 0; break;
        }
    }
}
