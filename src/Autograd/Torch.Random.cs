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
}
