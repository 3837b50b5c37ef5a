using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Joining and indexing. Index tensors are int64 and never receive gradients.

/// <summary>y = the inputs joined along dim; dx_i = the slice of g that input i filled.</summary>
internal sealed class Cat : Node
{
    private readonly int _dim;
    private readonly int[] _sizes;
    public static Tensor Apply(IReadOnlyList<Tensor> tensors, int dim)
    {
        var data = DataOf(tensors, "cat");
        var y = TensorData.Cat(data, dim);
        return Graph.Record(AsArray(tensors), y, (data, dim: ShapeUtil.NormalizeDim(dim, y.Rank)), static a => new Cat(a.data, a.dim));
    }
    private Cat(TensorData[] inputs, int dim)
    {
        _dim = dim;
        _sizes = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) _sizes[i] = inputs[i].Size(dim);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grads = new TensorData?[_sizes.Length];
        int offset = 0;
        for (int i = 0; i < _sizes.Length; i++)
        {
            if (NeedsGrad(i)) grads[i] = g.Narrow(_dim, offset, _sizes[i]);
            offset += _sizes[i];
        }
        return grads;
    }

    internal static TensorData[] DataOf(IReadOnlyList<Tensor> tensors, string op)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{op}(): expected a non-empty list of Tensors");
        var data = new TensorData[tensors.Count];
        for (int i = 0; i < data.Length; i++) data[i] = tensors[i].Data;
        return data;
    }

    internal static Tensor?[] AsArray(IReadOnlyList<Tensor> tensors)
    {
        var inputs = new Tensor?[tensors.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = tensors[i];
        return inputs;
    }
}

/// <summary>y = the inputs stacked along a new dim; dx_i = g.select(dim, i).</summary>
internal sealed class Stack : Node
{
    private readonly int _dim;
    public static Tensor Apply(IReadOnlyList<Tensor> tensors, int dim)
    {
        var y = TensorData.Stack(Cat.DataOf(tensors, "stack"), dim);
        return Graph.Record(Cat.AsArray(tensors), y, ShapeUtil.NormalizeDim(dim, y.Rank), static dim => new Stack(dim));
    }
    private Stack(int dim) => _dim = dim;
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grads = new TensorData?[Inputs.Length];
        for (int i = 0; i < grads.Length; i++) if (NeedsGrad(i)) grads[i] = g.Select(_dim, i);
        return grads;
    }
}

/// <summary>
/// y = x.index_select(dim, index) or x.gather(dim, index); dx = zeros with g added back at the
/// positions read (index_add / scatter_add), so repeated indices accumulate.
/// </summary>
internal sealed class IndexedRead : Node
{
    private readonly bool _gather;
    private readonly int _dim;
    private readonly int[] _inputShape;
    private readonly SavedTensor _index;
    public override string Name => _gather ? "GatherBackward0" : "IndexSelectBackward0";
    public static Tensor Apply(Tensor x, int dim, Tensor index, bool gather) =>
        Graph.Record(x, gather ? x.Data.Gather(dim, index.Data) : x.Data.IndexSelect(dim, index.Data), (dim, index: index.Data, gather),
            static (x, _, a) => new IndexedRead(x.Data, a.dim, a.index, a.gather));
    private IndexedRead(TensorData x, int dim, TensorData index, bool gather)
    {
        (_gather, _dim, _inputShape) = (gather, ShapeUtil.NormalizeDim(dim, x.Rank), x.ShapeArray());
        _index = Save(index);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grad = TensorData.Zeros(g.DType, _inputShape);
        return [_gather ? grad.ScatterAddInPlace(_dim, _index.Value, g) : grad.IndexAddInPlace(_dim, _index.Value, g)];
    }
}

/// <summary>
/// y[..., :] = weight[index[...], :]; dweight = zeros with each row of g added to the row its index
/// names (duplicates accumulate), except that the padding_idx row gets no gradient.
/// </summary>
internal sealed class Embedding : Node
{
    private readonly int[] _weightShape;
    private readonly int? _paddingIdx;
    private readonly SavedTensor _index;
    public static Tensor Apply(Tensor index, Tensor weight, int? paddingIdx)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"embedding: expected an int64 index tensor, got {index.DType.Name()} of shape {ShapeUtil.Format(index.Shape)}");
        if (weight.Rank != 2)
            throw new ArgumentException($"embedding: weight must be 2-D [num_embeddings, embedding_dim], got shape {ShapeUtil.Format(weight.Shape)}");
        int rows = weight.Size(0);
        if (paddingIdx is int p)
        {
            if (p >= rows || p < -rows) throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Padding_idx must be within num_embeddings (weight of shape {ShapeUtil.Format(weight.Shape)})");
            if (p < 0) paddingIdx = p + rows;
        }
        var flat = index.Data.Reshape(-1);
        CheckRange(flat, rows, index, weight);
        var outShape = new int[index.Rank + 1];
        index.Shape.CopyTo(outShape);
        outShape[^1] = weight.Size(1);
        var y = weight.Data.IndexSelect(0, flat).Reshape(outShape);
        return Graph.Record(index, weight, y, (flat, paddingIdx), static (_, weight, _, a) => new Embedding(a.flat, weight.Data, a.paddingIdx));
    }

    private Embedding(TensorData flatIndex, TensorData weight, int? paddingIdx)
    {
        (_weightShape, _paddingIdx) = (weight.ShapeArray(), paddingIdx);
        _index = Save(flatIndex);
    }

    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grad = TensorData.Zeros(g.DType, _weightShape);
        grad.IndexAddInPlace(0, _index.Value, g.Reshape(-1, _weightShape[1]));
        if (_paddingIdx is int p) grad.Select(0, p).ZeroInPlace();
        return [null, grad];
    }

    private static void CheckRange(TensorData flat, int rows, Tensor index, Tensor weight)
    {
        foreach (var i in flat.Contiguous().Span<long>())
            if (i < 0 || i >= rows)
                throw new IndexOutOfRangeException($"index out of range in self: index {i} for an embedding of shape {ShapeUtil.Format(weight.Shape)} (index tensor of shape {ShapeUtil.Format(index.Shape)})");
    }
}
