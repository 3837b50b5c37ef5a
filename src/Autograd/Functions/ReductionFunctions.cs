using MiniTorch.Tensors;

namespace MiniTorch.Autograd.Functions;

// Reductions. Backward first restores the reduced dims (unsqueeze when keepDim was false), then
// broadcasts back over the input: ReducedDims holds that bookkeeping so each derivative stays one line.

/// <summary>Which dims a reduction removed, and how to give them back to a gradient.</summary>
internal readonly struct ReducedDims
{
    private readonly int[] _dims;      // normalized, ascending
    private readonly int[] _inputShape;
    private readonly bool _keepDim;

    public ReducedDims(TensorData input, int[]? dims, bool keepDim)
    {
        _dims = Normalize(dims, input.Rank, input.Shape);
        _inputShape = input.ShapeArray();
        _keepDim = keepDim;
    }

    public int[] InputShape => _inputShape;

    /// <summary>The reduced dims, normalized and ascending.</summary>
    public int[] Dims => _dims;

    /// <summary>Number of input elements folded into each output element.</summary>
    public int Count
    {
        get
        {
            int n = 1;
            foreach (var d in _dims) n *= _inputShape[d];
            return n;
        }
    }

    /// <summary>The gradient (or output) with the reduced dims back as size 1, ready to broadcast against the input.</summary>
    public TensorData KeepDims(TensorData t)
    {
        if (_keepDim) return t;
        foreach (var d in _dims) t = t.Unsqueeze(d);
        return t;
    }

    /// <summary>
    /// The gradient broadcast back to the input's shape: a stride-0 view, except that a
    /// one-element gradient (a full reduction, the usual loss) becomes a filled contiguous tensor,
    /// which every later kernel reads on its fast contiguous path.
    /// </summary>
    public TensorData Expand(TensorData g) =>
        g.Numel == 1 ? TensorData.Full(_inputShape, g.Item(), g.DType) : KeepDims(g).Expand(_inputShape);

    /// <summary>Dims in [0, rank), ascending; null or empty means every dim (PyTorch's dim=None).</summary>
    public static int[] Normalize(int[]? dims, int rank, ReadOnlySpan<int> shape)
    {
        if (dims is null || dims.Length == 0)
        {
            var all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            int d = ShapeUtil.NormalizeDim(dims[i], rank);
            if (Array.IndexOf(result, d, 0, i) >= 0)
                throw new ArgumentException($"dim {d} appears multiple times in the list of dims {ShapeUtil.Format(dims)} (input of shape {ShapeUtil.Format(shape)})");
            result[i] = d;
        }
        Array.Sort(result);
        return result;
    }
}

/// <summary>y = Σ x over dims; dx = g broadcast back.</summary>
internal sealed class Sum : Node
{
    private readonly ReducedDims _reduced;
    public static Tensor Apply(Tensor x, int[]? dims, bool keepDim) =>
        Graph.Record(x, x.Data.Sum(dims, keepDim), (dims, keepDim), static (x, _, r) => new Sum(new ReducedDims(x.Data, r.dims, r.keepDim)));
    private Sum(ReducedDims reduced) => _reduced = reduced;
    protected internal override TensorData?[] Backward(TensorData g) => [_reduced.Expand(g)];
}

/// <summary>y = Σ x / n over dims; dx = g / n broadcast back.</summary>
internal sealed class Mean : Node
{
    private readonly ReducedDims _reduced;
    public static Tensor Apply(Tensor x, int[]? dims, bool keepDim) =>
        Graph.Record(x, x.Data.Mean(dims, keepDim), (dims, keepDim), static (x, _, r) => new Mean(new ReducedDims(x.Data, r.dims, r.keepDim)));
    private Mean(ReducedDims reduced) => _reduced = reduced;
    protected internal override TensorData?[] Backward(TensorData g) => [_reduced.Expand(g.Div(_reduced.Count))];
}

/// <summary>
/// y = max (or min) over dims; dx = g shared evenly among the elements equal to y (PyTorch's
/// amax/amin backward: g·[x = y] / count).
/// </summary>
internal sealed class AmaxAmin : Node
{
    private readonly ReducedDims _reduced;
    private readonly SavedTensor _x, _y;
    private readonly bool _isMax;
    public override string Name => _isMax ? "AmaxBackward0" : "AminBackward0";
    public static Tensor Apply(Tensor x, int[]? dims, bool keepDim, bool isMax) =>
        Graph.Record(x, isMax ? x.Data.Amax(dims, keepDim) : x.Data.Amin(dims, keepDim), (dims, keepDim, isMax),
            static (x, y, r) => new AmaxAmin(x.Data, y, new ReducedDims(x.Data, r.dims, r.keepDim), r.isMax));
    private AmaxAmin(TensorData x, TensorData y, ReducedDims reduced, bool isMax)
    {
        (_reduced, _isMax) = (reduced, isMax);
        _x = Save(x);
        _y = Save(y);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var x = _x.Value;
        var mask = x.Eq(_reduced.KeepDims(_y.Value)).To(x.DType);
        var count = mask.Sum(_reduced.Dims, keepDim: true);
        return [_reduced.KeepDims(g).Div(count).Mul(mask)];
    }
}

/// <summary>
/// (values, indices) = max (or min) along one dim; dvalues = g scattered to the chosen indices
/// (only the first extremum gets the gradient, as in PyTorch). Indices are int64 and not differentiable.
/// </summary>
internal sealed class MaxMinDim : Node
{
    private readonly ReducedDims _reduced;
    private readonly SavedTensor _indices;
    private readonly int _dim;
    private readonly bool _isMax;
    public override string Name => _isMax ? "MaxBackward0" : "MinBackward0";
    public static (Tensor Values, Tensor Indices) Apply(Tensor x, int dim, bool keepDim, bool isMax)
    {
        var (values, indices) = isMax ? x.Data.Max(dim, keepDim) : x.Data.Min(dim, keepDim);
        var recorded = Graph.Record(x, values, (indices, dim, keepDim, isMax), static (x, _, r) => new MaxMinDim(x.Data, r.indices, r.dim, r.keepDim, r.isMax));
        return (recorded, new Tensor(indices));
    }
    private MaxMinDim(TensorData x, TensorData indices, int dim, bool keepDim, bool isMax)
    {
        _dim = ShapeUtil.NormalizeDim(dim, x.Rank);
        _reduced = new ReducedDims(x, [_dim], keepDim);
        _isMax = isMax;
        _indices = Save(indices);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var grad = TensorData.Zeros(g.DType, _reduced.InputShape);
        if (_reduced.InputShape.Length == 0) return [g.Clone()];
        grad.ScatterAddInPlace(_dim, _reduced.KeepDims(_indices.Value), _reduced.KeepDims(g));
        return [grad];
    }
}

/// <summary>y = Σ (x - x̄)² / (n - correction); dx = 2·g·(x - x̄) / (n - correction).</summary>
internal sealed class Var : Node
{
    private readonly ReducedDims _reduced;
    private readonly SavedTensor _x;
    private readonly int _correction;
    public static Tensor Apply(Tensor x, int[]? dims, int correction, bool keepDim) =>
        Graph.Record(x, x.Data.Var(dims, correction, keepDim), (dims, correction, keepDim),
            static (x, _, r) => new Var(x.Data, new ReducedDims(x.Data, r.dims, r.keepDim), r.correction));
    private Var(TensorData x, ReducedDims reduced, int correction)
    {
        (_reduced, _correction) = (reduced, correction);
        _x = Save(x);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var x = _x.Value;
        var centered = x.Sub(x.Mean(_reduced.Dims, keepDim: true));
        return [centered.Mul(_reduced.KeepDims(g)).Mul(2.0 / (_reduced.Count - _correction))];
    }
}

/// <summary>y = log Σ eˣ over dims; dx = g·e^(x - y).</summary>
internal sealed class LogSumExp : Node
{
    private readonly ReducedDims _reduced;
    private readonly SavedTensor _x, _y;
    public static Tensor Apply(Tensor x, int[] dims, bool keepDim) =>
        Graph.Record(x, x.Data.LogSumExp(dims, keepDim), (dims, keepDim), static (x, y, r) => new LogSumExp(x.Data, y, new ReducedDims(x.Data, r.dims, r.keepDim)));
    private LogSumExp(TensorData x, TensorData y, ReducedDims reduced)
    {
        _reduced = reduced;
        _x = Save(x);
        _y = Save(y);
    }
    protected internal override TensorData?[] Backward(TensorData g) =>
        [_x.Value.Sub(_reduced.KeepDims(_y.Value)).Exp().Mul(_reduced.KeepDims(g))];
}

/// <summary>
/// Softmax y = eˣ / Σ eˣ along dim, with dx = y·(g - Σ g·y); or log-softmax y = x - log Σ eˣ,
/// with dx = g - e^y·Σ g. Both derivatives read only the output.
/// </summary>
internal sealed class Softmax : Node
{
    private readonly SavedTensor _y;
    private readonly int[] _dim;
    private readonly bool _log;
    public override string Name => _log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
    public static Tensor Apply(Tensor x, int dim, bool log) =>
        Graph.Record(x, log ? x.Data.LogSoftmax(dim) : x.Data.Softmax(dim), (dim, log), static (x, y, s) => new Softmax(y, ShapeUtil.NormalizeDim(s.dim, x.Rank), s.log));
    private Softmax(TensorData y, int dim, bool log)
    {
        (_dim, _log) = ([dim], log);
        _y = Save(y);
    }
    protected internal override TensorData?[] Backward(TensorData g)
    {
        var y = _y.Value;
        // Each product is written over a fresh temporary, so the whole rule allocates three tensors.
        if (_log) return [g.Sub(y.Exp().MulInPlace(g.Sum(_dim, keepDim: true)))];
        return [g.Sub(g.Mul(y).Sum(_dim, keepDim: true)).MulInPlace(y)];
    }
}
