using MiniTorch.Tensors;
using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

// Reductions. dims == null (or empty) reduces every dim, like PyTorch's dim=None.
public partial class Tensor
{
    public Tensor Sum(int[]? dims = null, bool keepDim = false) => Fn.Sum.Apply(this, dims, keepDim);
    public Tensor Sum(int dim, bool keepDim = false) => Fn.Sum.Apply(this, [dim], keepDim);
    public Tensor Mean(int[]? dims = null, bool keepDim = false) => Fn.Mean.Apply(this, dims, keepDim);
    public Tensor Mean(int dim, bool keepDim = false) => Fn.Mean.Apply(this, [dim], keepDim);

    /// <summary>Maximum over dims; the gradient is shared evenly among tied maxima.</summary>
    public Tensor Amax(int[]? dims = null, bool keepDim = false) => Fn.AmaxAmin.Apply(this, dims, keepDim, isMax: true);
    public Tensor Amax(int dim, bool keepDim = false) => Fn.AmaxAmin.Apply(this, [dim], keepDim, isMax: true);

    /// <summary>Minimum over dims; the gradient is shared evenly among tied minima.</summary>
    public Tensor Amin(int[]? dims = null, bool keepDim = false) => Fn.AmaxAmin.Apply(this, dims, keepDim, isMax: false);
    public Tensor Amin(int dim, bool keepDim = false) => Fn.AmaxAmin.Apply(this, [dim], keepDim, isMax: false);

    /// <summary>Maximum along <paramref name="dim"/> with its int64 indices; the gradient goes to the chosen index.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => Fn.MaxMinDim.Apply(this, dim, keepDim, isMax: true);

    /// <summary>Minimum along <paramref name="dim"/> with its int64 indices.</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => Fn.MaxMinDim.Apply(this, dim, keepDim, isMax: false);

    /// <summary>Index of the maximum (over everything when <paramref name="dim"/> is null); int64, not differentiable.</summary>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => new(Data.ArgMax(dim, keepDim));

    /// <summary>Variance with <paramref name="correction"/> (1 = unbiased, 0 = biased).</summary>
    public Tensor Var(int[]? dims = null, int correction = 1, bool keepDim = false) => Fn.Var.Apply(this, dims, correction, keepDim);
    public Tensor Var(int dim, int correction = 1, bool keepDim = false) => Fn.Var.Apply(this, [dim], correction, keepDim);

    public Tensor LogSumExp(int[] dims, bool keepDim = false) => Fn.LogSumExp.Apply(this, dims, keepDim);
    public Tensor LogSumExp(int dim, bool keepDim = false) => Fn.LogSumExp.Apply(this, [dim], keepDim);

    public Tensor Softmax(int dim) => Fn.Softmax.Apply(this, dim, log: false);
    public Tensor LogSoftmax(int dim) => Fn.Softmax.Apply(this, dim, log: true);
}
