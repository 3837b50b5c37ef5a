namespace MiniTorch.Tensors;

// Views: new shape/strides/offset over the same storage, never a copy (Reshape copies only when it must).
public sealed partial class TensorData
{
    /// <summary>
    /// The same elements with a new shape, sharing storage. One dim may be -1. Fails, naming both
    /// shapes and the strides, when the strides cannot express the new shape (then use <see cref="Reshape"/>).
    /// </summary>
    public TensorData View(params int[] shape)
    {
        var target = InferShape(shape);
        var strides = ViewStrides(target)
            ?? throw new InvalidOperationException(
                $"view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces): cannot view shape {ShapeUtil.Format(_shape)} with strides {ShapeUtil.Format(_strides)} as {ShapeUtil.Format(target)}. Use Reshape(...) instead.");
        return new TensorData(Storage, target, strides, Offset);
    }

    /// <summary>Like <see cref="View"/> when the strides allow it, else a contiguous copy with the new shape.</summary>
    public TensorData Reshape(params int[] shape)
    {
        var target = InferShape(shape);
        var strides = ViewStrides(target);
        if (strides != null) return new TensorData(Storage, target, strides, Offset);
        var copy = Clone();
        return new TensorData(copy.Storage, target, ShapeUtil.ContiguousStrides(target), 0);
    }

    /// <summary>Reorders dims: result dim i is this tensor's dim <c>dims[i]</c>.</summary>
    public TensorData Permute(params int[] dims)
    {
        if (dims.Length != Rank)
            throw new ArgumentException($"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {Rank} is not equal to len(dims) = {dims.Length}");
        var seen = new bool[Rank];
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = ShapeUtil.NormalizeDim(dims[i], Rank);
            if (seen[d]) throw new ArgumentException($"permute(): duplicate dims are not allowed: {ShapeUtil.Format(dims)}");
            seen[d] = true;
            shape[i] = _shape[d];
            strides[i] = _strides[d];
        }
        return new TensorData(Storage, shape, strides, Offset);
    }

    /// <summary>Swaps two dims.</summary>
    public TensorData Transpose(int dim0, int dim1)
    {
        if (Rank == 0) return this;
        int a = ShapeUtil.NormalizeDim(dim0, Rank), b = ShapeUtil.NormalizeDim(dim1, Rank);
        var shape = ShapeArray();
        var strides = (int[])_strides.Clone();
        (shape[a], shape[b]) = (shape[b], shape[a]);
        (strides[a], strides[b]) = (strides[b], strides[a]);
        return new TensorData(Storage, shape, strides, Offset);
    }

    /// <summary>
    /// Broadcasts to a larger shape without copying: size-1 dims (and new leading dims) get stride 0.
    /// -1 keeps a dim's size.
    /// </summary>
    public TensorData Expand(params int[] shape)
    {
        if (shape.Length < Rank)
            throw new ArgumentException($"expand: the number of sizes provided ({shape.Length}) must be greater or equal to the number of dimensions in the tensor ({Rank}); shape {ShapeUtil.Format(_shape)} to {ShapeUtil.Format(shape)}");
        var target = (int[])shape.Clone();
        int lead = target.Length - Rank;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] != -1) continue;
            if (i < lead) throw new ArgumentException($"expand: -1 is not allowed in a leading, non-existing dimension {i} (shape {ShapeUtil.Format(_shape)} to {ShapeUtil.Format(shape)})");
            target[i] = _shape[i - lead];
        }
        var strides = ShapeUtil.BroadcastStrides(_shape, _strides, target);
        return new TensorData(Storage, target, strides, Offset);
    }

    /// <summary>Elements <c>start .. start+length-1</c> along <paramref name="dim"/>, as a view.</summary>
    public TensorData Narrow(int dim, int start, int length)
    {
        if (Rank == 0) throw new ArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        int size = _shape[d];
        if (start < 0) start += size;
        if (start < 0 || length < 0 || start > size || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(start), $"start ({start}) + length ({length}) exceeds dimension size ({size}) of dim {d} in shape {ShapeUtil.Format(_shape)}");
        var shape = ShapeArray();
        shape[d] = length;
        return new TensorData(Storage, shape, (int[])_strides.Clone(), Offset + (length == 0 ? 0 : start * _strides[d]));
    }

    /// <summary>Python's <c>x[start:end:step]</c> along one dim (end exclusive, clamped; step &gt; 0).</summary>
    public TensorData Slice(int dim, int start, int end, int step = 1)
    {
        if (Rank == 0) throw new ArgumentException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "slice step must be positive");
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        int size = _shape[d];
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = Math.Clamp(start, 0, size);
        end = Math.Clamp(end, start, size);
        int length = (end - start + step - 1) / step;
        var shape = ShapeArray();
        var strides = (int[])_strides.Clone();
        shape[d] = length;
        strides[d] = _strides[d] * step;
        return new TensorData(Storage, shape, strides, Offset + (length == 0 ? 0 : start * _strides[d]));
    }

    /// <summary>Index <paramref name="index"/> along <paramref name="dim"/>, removing that dim.</summary>
    public TensorData Select(int dim, int index)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        int size = _shape[d];
        if (index < -size || index >= size)
            throw new IndexOutOfRangeException($"index {index} is out of bounds for dimension {d} with size {size}");
        if (index < 0) index += size;
        return Narrow(d, index, 1).Squeeze(d);
    }

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/> (which may equal the rank).</summary>
    public TensorData Unsqueeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank + 1);
        var shape = new List<int>(_shape);
        var strides = new List<int>(_strides);
        int stride = d < Rank ? _shape[d] * _strides[d] : 1;
        shape.Insert(d, 1);
        strides.Insert(d, stride);
        return new TensorData(Storage, shape.ToArray(), strides.ToArray(), Offset);
    }

    /// <summary>Removes every size-1 dim.</summary>
    public TensorData Squeeze()
    {
        var keep = Enumerable.Range(0, Rank).Where(d => _shape[d] != 1).ToArray();
        return new TensorData(Storage, keep.Select(d => _shape[d]).ToArray(), keep.Select(d => _strides[d]).ToArray(), Offset);
    }

    /// <summary>Removes <paramref name="dim"/> if its size is 1; otherwise returns the same view (PyTorch does too).</summary>
    public TensorData Squeeze(int dim)
    {
        if (Rank == 0) { ShapeUtil.NormalizeDim(dim, 0); return this; }
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        if (_shape[d] != 1) return this;
        var shape = new List<int>(_shape);
        var strides = new List<int>(_strides);
        shape.RemoveAt(d);
        strides.RemoveAt(d);
        return new TensorData(Storage, shape.ToArray(), strides.ToArray(), Offset);
    }

    /// <summary>Merges dims <paramref name="startDim"/>..<paramref name="endDim"/> into one (a view when possible).</summary>
    public TensorData Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = ShapeUtil.NormalizeDim(startDim, Rank), e = ShapeUtil.NormalizeDim(endDim, Rank);
        if (s > e) throw new ArgumentException($"flatten() has invalid args: start_dim ({startDim}) cannot come after end_dim ({endDim}) for shape {ShapeUtil.Format(_shape)}");
        var shape = new List<int>();
        for (int d = 0; d < s; d++) shape.Add(_shape[d]);
        int merged = 1;
        for (int d = s; d <= e; d++) merged *= _shape[d];
        shape.Add(merged);
        for (int d = e + 1; d < Rank; d++) shape.Add(_shape[d]);
        return Reshape(shape.ToArray());
    }

    /// <summary>Resolves one -1 entry and checks the element count, naming both shapes on failure.</summary>
    private int[] InferShape(int[] shape)
    {
        var target = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"only one dimension can be inferred in shape {ShapeUtil.Format(shape)}");
                infer = i;
            }
            else if (target[i] < 0) throw new ArgumentException($"invalid shape dimension {target[i]} in {ShapeUtil.Format(shape)}");
            else known *= target[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0)
                throw new ArgumentException($"shape '{ShapeUtil.Format(shape)}' is invalid for input of size {Numel} (input shape {ShapeUtil.Format(_shape)})");
            target[infer] = (int)(Numel / known);
        }
        else if (known != Numel)
            throw new ArgumentException($"shape '{ShapeUtil.Format(shape)}' is invalid for input of size {Numel} (input shape {ShapeUtil.Format(_shape)})");
        return target;
    }

    /// <summary>
    /// Strides for viewing this tensor as <paramref name="target"/> without copying, or null.
    /// Same algorithm as PyTorch's computeStride: match chunks of dims whose product agrees and
    /// which are contiguous among themselves.
    /// </summary>
    private int[]? ViewStrides(int[] target)
    {
        if (Numel == 0 || IsContiguous) return ShapeUtil.ContiguousStrides(target);
        var newStrides = new int[target.Length];
        int viewD = target.Length - 1;
        int chunkBase = _strides[Rank - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = Rank - 1; d >= 0; d--)
        {
            tensorNumel *= _shape[d];
            if (d == 0 || (_shape[d - 1] != 1 && _strides[d - 1] != tensorNumel * chunkBase))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] == 1))
                {
                    newStrides[viewD] = (int)(viewNumel * chunkBase);
                    viewNumel *= target[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0)
                {
                    chunkBase = _strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }
}
