namespace MiniTorch.Tensors;

/// <summary>
/// Walks up to three operands that share one (broadcast) shape but have their own strides, and
/// hands out the index space as runs along the innermost dimension. Kernels never see strides:
/// they get a run's start offset and inner stride per operand (0 = broadcast scalar, 1 = contiguous).
/// Adjacent dims that are contiguous in every operand are merged first, so a contiguous tensor is
/// one long run.
/// </summary>
internal struct StridedWalker
{
    private readonly int[] _shape;        // coalesced shape, innermost last
    private readonly int[][] _strides;    // per operand, coalesced
    private readonly int[] _index;        // counter over the outer dims
    private readonly int[] _offsets;      // current run start per operand
    private bool _started;
    private readonly bool _empty;

    public StridedWalker(ReadOnlySpan<int> shape, int[][] strides, int[] offsets)
    {
        (_shape, _strides) = Coalesce(shape, strides);
        _index = new int[_shape.Length];
        _offsets = (int[])offsets.Clone();
        _started = false;
        _empty = ShapeUtil.Numel(shape) == 0;
        RunLength = _shape.Length == 0 ? 1 : _shape[^1];
    }

    /// <summary>Elements in every run.</summary>
    public int RunLength { get; }

    /// <summary>Stride of operand <paramref name="k"/> along the run.</summary>
    public int InnerStride(int k) => _shape.Length == 0 ? 0 : _strides[k][^1];

    /// <summary>Start offset of the current run in operand <paramref name="k"/>.</summary>
    public int Offset(int k) => _offsets[k];

    public bool MoveNext()
    {
        if (_empty) return false;
        if (!_started) { _started = true; return true; }
        // Advance the odometer over all dims but the innermost.
        for (int d = _shape.Length - 2; d >= 0; d--)
        {
            _index[d]++;
            for (int k = 0; k < _offsets.Length; k++) _offsets[k] += _strides[k][d];
            if (_index[d] < _shape[d]) return true;
            for (int k = 0; k < _offsets.Length; k++) _offsets[k] -= _strides[k][d] * _shape[d];
            _index[d] = 0;
        }
        return false;
    }

    private static (int[] shape, int[][] strides) Coalesce(ReadOnlySpan<int> shape, int[][] strides)
    {
        var outShape = new List<int>(shape.Length);
        var outStrides = new List<int>[strides.Length];
        for (int k = 0; k < strides.Length; k++) outStrides[k] = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue; // size-1 dims never move
            int last = outShape.Count - 1;
            bool merge = last >= 0;
            for (int k = 0; k < strides.Length && merge; k++)
                merge = outStrides[k][last] == strides[k][d] * shape[d];
            if (merge)
            {
                outShape[last] *= shape[d];
                for (int k = 0; k < strides.Length; k++) outStrides[k][last] = strides[k][d];
            }
            else
            {
                outShape.Add(shape[d]);
                for (int k = 0; k < strides.Length; k++) outStrides[k].Add(strides[k][d]);
            }
        }
        return (outShape.ToArray(), outStrides.Select(s => s.ToArray()).ToArray());
    }
}
