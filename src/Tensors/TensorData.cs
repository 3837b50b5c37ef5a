using System.Runtime.InteropServices;

namespace MiniTorch.Tensors;

/// <summary>
/// A strided view of a <see cref="Storage"/>: shape, strides (in elements), offset and dtype.
/// It knows nothing of gradients; the autograd layer wraps it. Element (i0, i1, ...) lives at
/// <c>Offset + i0*Strides[0] + i1*Strides[1] + ...</c> in the storage.
/// </summary>
/// <remarks>
/// This class holds layout, views and creation only. The ops (<c>x.Add(y)</c>, <c>x.Sum()</c>,
/// <c>TensorData.Conv2d(...)</c>, ...) are extension members written in their family's folder,
/// <c>Kernels/&lt;Family&gt;/&lt;Family&gt;Ops.cs</c>, beside the kernels they call.
/// </remarks>
public sealed partial class TensorData
{
    private readonly int[] _shape;
    private readonly int[] _strides;

    /// <summary>Builds a view; checks that every element it can address lies inside the storage.</summary>
    public TensorData(Storage storage, int[] shape, int[] strides, int offset)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (shape.Length != strides.Length)
            throw new ArgumentException($"shape {ShapeUtil.Format(shape)} and strides {ShapeUtil.Format(strides)} differ in rank");
        Numel = ShapeUtil.Numel(shape);
        if (Numel > 0)
        {
            long lo = offset, hi = offset;
            for (int d = 0; d < shape.Length; d++)
            {
                long reach = (long)(shape[d] - 1) * strides[d];
                if (reach < 0) lo += reach; else hi += reach;
            }
            if (lo < 0 || hi >= storage.Length)
                throw new ArgumentException(
                    $"view with shape {ShapeUtil.Format(shape)}, strides {ShapeUtil.Format(strides)} and offset {offset} reaches outside a storage of {storage.Length} elements");
        }
        Storage = storage;
        _shape = shape;
        _strides = strides;
        Offset = Numel == 0 ? 0 : offset; // an empty view addresses nothing; keep its offset inside the storage
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    /// <summary>A fresh contiguous, zero-filled tensor.</summary>
    public static TensorData Zeros(DType dtype, params int[] shape)
    {
        var copy = (int[])shape.Clone();
        return new TensorData(StorageAllocator.Allocate(dtype, ShapeUtil.Numel(copy)), copy, ShapeUtil.ContiguousStrides(copy), 0);
    }

    /// <summary>A fresh contiguous tensor whose every element the caller will write.</summary>
    public static TensorData Uninitialized(DType dtype, ReadOnlySpan<int> shape)
    {
        var copy = shape.ToArray();
        return new TensorData(StorageAllocator.AllocateUninitialized(dtype, ShapeUtil.Numel(copy)), copy, ShapeUtil.ContiguousStrides(copy), 0);
    }

    public Storage Storage { get; }
    public DType DType => Storage.DType;
    public ReadOnlySpan<int> Shape => _shape;
    public ReadOnlySpan<int> Strides => _strides;
    public int Offset { get; }
    public int Rank => _shape.Length;
    public int Numel { get; }

    /// <summary>True when the elements are laid out in row-major order with no gaps.</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of one dimension; negative dims count from the end.</summary>
    public int Size(int dim) => _shape[ShapeUtil.NormalizeDim(dim, Rank)];

    /// <summary>The shape as a new array (callers may keep and change it).</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    internal int[] ShapeRef => _shape;
    internal int[] StridesRef => _strides;

    /// <summary>The elements of a contiguous tensor as a span over its storage.</summary>
    public Span<T> Span<T>()
    {
        if (!IsContiguous) throw new InvalidOperationException($"Span<T>() needs a contiguous tensor; shape {ShapeUtil.Format(_shape)} has strides {ShapeUtil.Format(_strides)}. Call Contiguous() first.");
        return Storage.AsSpan<T>().Slice(Offset, Numel);
    }

    /// <summary>The elements in row-major order, copied.</summary>
    public T[] ToArray<T>() => Contiguous().Span<T>().ToArray();

    /// <summary>Every element converted to double, in row-major order (for tests and printing).</summary>
    public double[] ToDoubleArray()
    {
        var c = Contiguous();
        return DType switch
        {
            DType.Float32 => Array.ConvertAll(c.Span<float>().ToArray(), v => (double)v),
            DType.Float64 => c.Span<double>().ToArray(),
            DType.Int64 => Array.ConvertAll(c.Span<long>().ToArray(), v => (double)v),
            DType.Bool => Array.ConvertAll(c.Span<bool>().ToArray(), v => v ? 1.0 : 0.0),
            _ => throw new NotSupportedException(),
        };
    }

    /// <summary>The single element of a one-element tensor, as double.</summary>
    public double Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"a Tensor with {Numel} elements cannot be converted to Scalar (shape {ShapeUtil.Format(_shape)})");
        return DType switch
        {
            DType.Float32 => Storage.AsSpan<float>()[Offset],
            DType.Float64 => Storage.AsSpan<double>()[Offset],
            DType.Int64 => Storage.AsSpan<long>()[Offset],
            DType.Bool => Storage.AsSpan<bool>()[Offset] ? 1 : 0,
            _ => throw new NotSupportedException(),
        };
    }

    /// <summary>Storage offset of the element at a full index.</summary>
    public int OffsetOf(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank) throw new ArgumentException($"index of rank {index.Length} for a tensor of shape {ShapeUtil.Format(_shape)}");
        int off = Offset;
        for (int d = 0; d < index.Length; d++)
        {
            if ((uint)index[d] >= (uint)_shape[d]) throw new IndexOutOfRangeException($"index {index[d]} is out of bounds for dimension {d} with size {_shape[d]}");
            off += index[d] * _strides[d];
        }
        return off;
    }

    /// <summary>This tensor if it is contiguous, else a contiguous copy.</summary>
    public TensorData Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy that owns new storage.</summary>
    public TensorData Clone()
    {
        var result = Uninitialized(DType, _shape);
        result.CopyFrom(this);
        return result;
    }

    /// <summary>Writes <paramref name="source"/> into this tensor (broadcasting it), like <c>copy_</c>; converts dtypes.</summary>
    public void CopyFrom(TensorData source)
    {
        RequireWritable("copy_");
        if (!source.Shape.SequenceEqual(Shape))
            source = source.Expand(_shape);
        if (source.DType != DType) source = source.To(DType);
        StridedCopy.Copy(source, this);
        Storage.BumpVersion();
    }

    /// <summary>Converts to another dtype (a copy; this tensor when the dtype already matches).</summary>
    public TensorData To(DType dtype)
    {
        if (dtype == DType) return this;
        var src = Contiguous();
        var result = Uninitialized(dtype, _shape);
        DTypeConversion.Convert(src, result);
        return result;
    }

    public bool IsFloatingPoint => DType.IsFloatingPoint();

    private static bool ComputeIsContiguous(int[] shape, int[] strides)
    {
        if (Array.IndexOf(shape, 0) >= 0) return true; // no elements: any strides describe them
        int expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>In-place writes into a view with stride 0 would write one element many times.</summary>
    internal void RequireWritable(string op)
    {
        for (int d = 0; d < Rank; d++)
            if (_strides[d] == 0 && _shape[d] > 1)
                throw new InvalidOperationException($"{op}: unsupported operation: more than one element of the written-to tensor (shape {ShapeUtil.Format(_shape)}, strides {ShapeUtil.Format(_strides)}) refers to a single memory location. Please clone() the tensor before performing the operation.");
    }

    /// <summary>This tensor viewed as [outer, size, inner] around <paramref name="dim"/> (a 0-d tensor is [1, 1, 1]).</summary>
    internal (int Outer, int Size, int Inner) SplitAt(int dim)
    {
        if (Rank == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= _shape[i];
        for (int i = dim + 1; i < Rank; i++) inner *= _shape[i];
        return (outer, _shape[dim], inner);
    }

    internal ref T Reference<T>() => ref Storage.Reference<T>();

    internal Span<T> StorageSpan<T>() => Storage.AsSpan<T>();

    internal static Span<T> AsSpanOf<T>(T[] array) => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length);
}
