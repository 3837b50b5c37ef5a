using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Indexing by int64 index tensors. Negative index values are errors here (PyTorch raises for
// gather/scatter/index_select too); every message names the bad value, the dim and its size.
public sealed partial class TensorData
{
    /// <summary>torch.gather: out[i][j] = this[index[i][j]][j] (dim 0); the result has the index's shape.</summary>
    public TensorData Gather(int dim, TensorData index)
    {
        int d = CheckScatterGatherIndex(dim, index, null, "gather");
        CheckIndexValues(index, d, "gather");
        var result = Uninitialized(DType, index.Shape);
        switch (DType)
        {
            case DType.Float32: IndexKernels.Gather<float>(this, d, index, result); break;
            case DType.Float64: IndexKernels.Gather<double>(this, d, index, result); break;
            case DType.Int64: IndexKernels.Gather<long>(this, d, index, result); break;
            case DType.Bool: IndexKernels.Gather<bool>(this, d, index, result); break;
        }
        return result;
    }

    /// <summary>torch.index_select: the slices at <paramref name="index"/> (0-d or 1-d int64) along <paramref name="dim"/>.</summary>
    public TensorData IndexSelect(int dim, TensorData index)
    {
        int d = CheckVectorIndex(dim, index, "index_select");
        CheckIndexValues(index, d, "index_select");
        var (outer, size, inner) = SplitAt(d);
        var shape = ShapeArray();
        if (Rank == 0) shape = index.ShapeArray();
        else shape[d] = index.Numel;
        var result = Uninitialized(DType, shape);
        var source = Contiguous();
        var positions = index.Contiguous().Span<long>();
        switch (DType)
        {
            case DType.Float32: IndexKernels.IndexSelect(source.Span<float>(), positions, outer, size, inner, result.Span<float>()); break;
            case DType.Float64: IndexKernels.IndexSelect(source.Span<double>(), positions, outer, size, inner, result.Span<double>()); break;
            case DType.Int64: IndexKernels.IndexSelect(source.Span<long>(), positions, outer, size, inner, result.Span<long>()); break;
            case DType.Bool: IndexKernels.IndexSelect(source.Span<bool>(), positions, outer, size, inner, result.Span<bool>()); break;
        }
        return result;
    }

    /// <summary>torch.scatter_add (out of place): a copy of this tensor with source added at the indexed positions.</summary>
    public TensorData ScatterAdd(int dim, TensorData index, TensorData source)
    {
        CheckScatterGatherIndex(dim, index, source, "scatter_add");
        return Clone().ScatterAddInPlace(dim, index, source);
    }

    /// <summary>
    /// scatter_add_: this[index[i][j]][j] += source[i][j] (dim 0); repeated indices accumulate.
    /// Every index is checked before anything is written. Bumps the storage version.
    /// </summary>
    public TensorData ScatterAddInPlace(int dim, TensorData index, TensorData source)
    {
        int d = CheckScatterGatherIndex(dim, index, source, "scatter_add_");
        RequireWritable("scatter_add_");
        CheckIndexValues(index, d, "scatter_add_");
        switch (DType)
        {
            case DType.Float32: IndexKernels.ScatterAdd<float>(this, d, index, source); break;
            case DType.Float64: IndexKernels.ScatterAdd<double>(this, d, index, source); break;
            case DType.Int64: IndexKernels.ScatterAdd<long>(this, d, index, source); break;
            default: throw new NotSupportedException($"scatter_add_ is not defined for {DType.Name()} tensors (shape {ShapeUtil.Format(_shape)})");
        }
        Storage.BumpVersion();
        return this;
    }

    /// <summary>
    /// index_add_: this[..., index[i], ...] += source[..., i, ...] along <paramref name="dim"/>;
    /// repeated indices accumulate (the backward of index_select and embedding). Bumps the storage version.
    /// </summary>
    public TensorData IndexAddInPlace(int dim, TensorData index, TensorData source)
    {
        int d = CheckVectorIndex(dim, index, "index_add_");
        CheckSameDTypeAs(source, "index_add_", "source");
        var expected = Rank == 0 ? index.ShapeArray() : ShapeArray();
        if (Rank > 0) expected[d] = index.Numel;
        if (Rank > 0 && source.Rank == Rank && source._shape[d] != index.Numel)
            throw new ArgumentException($"index_add_(): Number of indices ({index.Numel}) should be equal to source.size(dim) ({source._shape[d]}) for dim {d}; self shape {ShapeUtil.Format(_shape)}, source shape {ShapeUtil.Format(source._shape)}");
        if (!source.Shape.SequenceEqual(expected))
            throw new ArgumentException($"index_add_(): source tensor shape must match self tensor shape, excluding the specified dimension {d}. Got self.shape = {ShapeUtil.Format(_shape)} source.shape = {ShapeUtil.Format(source._shape)} (expected {ShapeUtil.Format(expected)})");
        if (DType == DType.Bool) throw new NotSupportedException($"index_add_ is not defined for bool tensors (shape {ShapeUtil.Format(_shape)})");
        RequireWritable("index_add_");
        CheckIndexValues(index, d, "index_add_");
        var (outer, size, inner) = SplitAt(d);
        var target = IsContiguous ? this : Clone();
        var src = source.Contiguous();
        var positions = index.Contiguous().Span<long>();
        switch (DType)
        {
            case DType.Float32: IndexKernels.IndexAdd(target.Span<float>(), positions, outer, size, inner, src.Span<float>()); break;
            case DType.Float64: IndexKernels.IndexAdd(target.Span<double>(), positions, outer, size, inner, src.Span<double>()); break;
            case DType.Int64: IndexKernels.IndexAdd(target.Span<long>(), positions, outer, size, inner, src.Span<long>()); break;
        }
        if (ReferenceEquals(target, this)) Storage.BumpVersion();
        else CopyFrom(target); // bumps the version
        return this;
    }

    // ---- checks ----

    /// <summary>Rank and size rules shared by gather and scatter_add; returns the normalized dim.</summary>
    private int CheckScatterGatherIndex(int dim, TensorData index, TensorData? source, string op)
    {
        RequireInt64Index(index, op);
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        if (index.Rank != Rank)
            throw new ArgumentException($"{op}(): Index tensor must have the same number of dimensions as self tensor: index shape {ShapeUtil.Format(index._shape)}, self shape {ShapeUtil.Format(_shape)}");
        if (source != null)
        {
            CheckSameDTypeAs(source, op, "src");
            if (source.Rank != Rank)
                throw new ArgumentException($"{op}(): Index tensor must have the same number of dimensions as src tensor: index shape {ShapeUtil.Format(index._shape)}, src shape {ShapeUtil.Format(source._shape)}");
        }
        for (int i = 0; i < Rank; i++)
        {
            bool tooBigForSelf = i != d && index._shape[i] > _shape[i];
            bool tooBigForSource = source != null && index._shape[i] > source._shape[i];
            if (tooBigForSelf || tooBigForSource)
            {
                string against = source == null ? "" : $" and to be smaller size than src {ShapeUtil.Format(source._shape)}";
                throw new ArgumentException($"{op}(): Size does not match at dimension {i}: expected index {ShapeUtil.Format(index._shape)} to be smaller than self {ShapeUtil.Format(_shape)} apart from dimension {d}{against}");
            }
        }
        return d;
    }

    /// <summary>index_select / index_add take a 0-d or 1-d int64 index; returns the normalized dim.</summary>
    private int CheckVectorIndex(int dim, TensorData index, string op)
    {
        RequireInt64Index(index, op);
        if (index.Rank > 1)
            throw new ArgumentException($"{op}(): Index is supposed to be a vector (0-d or 1-d), got shape {ShapeUtil.Format(index._shape)}");
        return ShapeUtil.NormalizeDim(dim, Rank);
    }

    private static void RequireInt64Index(TensorData index, string op)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}(): Expected dtype int64 for index, got {index.DType.Name()} with shape {ShapeUtil.Format(index._shape)}");
    }

    private void CheckSameDTypeAs(TensorData other, string op, string name)
    {
        if (other.DType != DType)
            throw new ArgumentException($"{op}(): Expected self.dtype to be equal to {name}.dtype: self is {DType.Name()} {ShapeUtil.Format(_shape)}, {name} is {other.DType.Name()} {ShapeUtil.Format(other._shape)}");
    }

    private void CheckIndexValues(TensorData index, int dim, string op)
    {
        int size = Rank == 0 ? 1 : _shape[dim];
        if (IndexKernels.FirstOutOfRange(index, size) is long bad)
            throw new IndexOutOfRangeException($"{op}(): index {bad} is out of bounds for dimension {dim} with size {size} (index out of range in self; self shape {ShapeUtil.Format(_shape)})");
    }

    /// <summary>This tensor viewed as [outer, size, inner] around <paramref name="dim"/> (a 0-d tensor is [1, 1, 1]).</summary>
    private (int Outer, int Size, int Inner) SplitAt(int dim)
    {
        if (Rank == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= _shape[i];
        for (int i = dim + 1; i < Rank; i++) inner *= _shape[i];
        return (outer, _shape[dim], inner);
    }
}
