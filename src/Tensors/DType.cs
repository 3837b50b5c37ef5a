namespace MiniTorch;

/// <summary>The element types a tensor can hold. Names follow PyTorch (<c>torch.float32</c> ...).</summary>
public enum DType
{
    Float32,
    Float64,
    Int64,
    /// <summary>Masks produced by comparisons; not differentiable and not used in arithmetic.</summary>
    Bool,
}

/// <summary>Facts about each <see cref="DType"/> and the CLR type that stores it.</summary>
public static class DTypes
{
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>PyTorch's spelling, used in messages and printouts: <c>float32</c>, <c>int64</c>.</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.Bool => "bool",
        _ => dtype.ToString(),
    };

    public static DType Parse(string name) => name switch
    {
        "float32" or "float" => DType.Float32,
        "float64" or "double" => DType.Float64,
        "int64" or "long" => DType.Int64,
        "bool" => DType.Bool,
        _ => throw new ArgumentException($"unknown dtype '{name}' (expected float32, float64, int64 or bool)", nameof(name)),
    };

    /// <summary>The dtype stored as CLR type <typeparamref name="T"/>.</summary>
    public static DType Of<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        throw new NotSupportedException($"no tensor dtype is stored as {typeof(T).Name}");
    }

    /// <summary>The CLR element type behind a dtype.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int64 => typeof(long),
        DType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };
}
