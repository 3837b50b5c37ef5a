using MiniTorch.Tensors;

namespace MiniTorch;

/// <summary>Entry points named like PyTorch's <c>torch.*</c> functions.</summary>
public static partial class Torch
{
    /// <summary>Disables graph recording on this thread until disposed: <c>using (Torch.NoGrad()) { ... }</c>.</summary>
    public static GradMode.Scope NoGrad() => GradMode.Set(false);

    /// <summary>Re-enables graph recording on this thread until disposed (inside a NoGrad scope).</summary>
    public static GradMode.Scope EnableGrad() => GradMode.Set(true);

    /// <summary>Sets grad mode explicitly until disposed.</summary>
    public static GradMode.Scope SetGradEnabled(bool enabled) => GradMode.Set(enabled);

    public static bool IsGradEnabled => GradMode.IsEnabled;

    public static Tensor Tensor(float[] data, params int[] shape) => new(TensorData.FromArray((float[])data.Clone(), shape));
    public static Tensor Tensor(double[] data, params int[] shape) => new(TensorData.FromArray((double[])data.Clone(), shape));
    public static Tensor Tensor(long[] data, params int[] shape) => new(TensorData.FromArray((long[])data.Clone(), shape));
    /// <summary>
    /// Wraps (does not copy) a row-major array as a tensor of <paramref name="shape"/>, like
    /// <c>torch.from_numpy</c>: writes through either one are seen by the other.
    /// </summary>
    public static Tensor FromArray<T>(T[] data, params int[] shape) => new(TensorData.FromArray(data, shape));

    /// <summary>A tensor whose values are not initialised, like <c>torch.empty</c>: for code that writes every element.</summary>
    public static Tensor Empty(DType dtype, params int[] shape) => new(TensorData.Uninitialized(dtype, shape));

    public static Tensor Scalar(double value, DType dtype = DType.Float32, bool requiresGrad = false) => new(TensorData.Scalar(value, dtype), requiresGrad);
    public static Tensor Zeros(params int[] shape) => new(TensorData.Zeros(DType.Float32, shape));
    public static Tensor Zeros(DType dtype, params int[] shape) => new(TensorData.Zeros(dtype, shape));
    public static Tensor ZerosLike(Tensor other) => new(TensorData.ZerosLike(other.Data));
    public static Tensor Ones(params int[] shape) => new(TensorData.Ones(DType.Float32, shape));
    public static Tensor Ones(DType dtype, params int[] shape) => new(TensorData.Ones(dtype, shape));
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32) => new(TensorData.Full(shape, value, dtype));
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32) => new(TensorData.Arange(start, end, step, dtype));
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32) => new(TensorData.Linspace(start, end, steps, dtype));
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32) => new(TensorData.Eye(n, m, dtype));
}
