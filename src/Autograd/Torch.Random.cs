using MiniTorch.Tensors;

namespace MiniTorch;

// Random factories, drawing from the Tensors layer's Generator (Generator.Default when none is given).
public static partial class Torch
{
    /// <summary>Reseeds the default generator, like <c>torch.manual_seed</c>.</summary>
    public static Generator ManualSeed(ulong seed) => Generator.ManualSeed(seed);

    /// <summary>Uniform samples in [0, 1) of the given shape (float32).</summary>
    public static Tensor Rand(params int[] shape) => new(TensorData.Rand(shape));

    public static Tensor Rand(int[] shape, DType dtype = DType.Float32, Generator? generator = null, bool requiresGrad = false) =>
        new(TensorData.Rand(shape, dtype, generator), requiresGrad);

    /// <summary>Standard normal samples of the given shape (float32).</summary>
    public static Tensor Randn(params int[] shape) => new(TensorData.Randn(shape));

    public static Tensor Randn(int[] shape, DType dtype = DType.Float32, Generator? generator = null, bool requiresGrad = false) =>
        new(TensorData.Randn(shape, dtype, generator), requiresGrad);

    /// <summary>int64 samples uniform over [low, high).</summary>
    public static Tensor RandInt(long low, long high, int[] shape, Generator? generator = null) => new(TensorData.RandInt(low, high, shape, generator));

    /// <summary>U(<paramref name="low"/>, <paramref name="high"/>) samples of the given shape, what <c>tensor.uniform_(low, high)</c> draws.</summary>
    public static Tensor Uniform(int[] shape, double low, double high, DType dtype = DType.Float32, Generator? generator = null) =>
        new(TensorData.Uniform(shape, low, high, dtype, generator));

    /// <summary>1 with probability <paramref name="p"/>, else 0, in <paramref name="dtype"/> (dropout masks), like <c>torch.bernoulli</c> with a constant probability.</summary>
    public static Tensor Bernoulli(int[] shape, double p, DType dtype = DType.Float32, Generator? generator = null) =>
        new(TensorData.Bernoulli(shape, p, dtype, generator));

    /// <summary>
    /// A random permutation of 0 .. n-1, like <c>torch.randperm</c>; returned as indices (an
    /// <c>int[]</c>) because shuffling a data set is what it is for.
    /// </summary>
    public static int[] RandPerm(int n, Generator? generator = null) => TensorData.RandPerm(n, generator);
}
