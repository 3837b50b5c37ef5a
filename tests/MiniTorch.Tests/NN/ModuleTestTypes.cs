using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.NN;

/// <summary>A module with one parameter and one buffer of chosen shapes, for registration tests.</summary>
internal sealed class Holder : Module
{
    public Holder(int[]? weightShape = null, int[]? bufferShape = null, bool persistent = true)
    {
        if (weightShape != null) RegisterParameter("weight", new Parameter(new Tensor(TensorData.Zeros(DType.Float32, weightShape))));
        if (bufferShape != null) RegisterBuffer("stat", new Tensor(TensorData.Zeros(DType.Float32, bufferShape)), persistent);
    }

    public Tensor? Stat { get => RegisteredBuffer("stat"); set => SetBuffer("stat", value); }
}

/// <summary>A container with freely named children.</summary>
internal sealed class Tree : Module
{
    public Tree(params (string Name, Module Child)[] children)
    {
        foreach (var (name, child) in children) RegisterModule(name, child);
    }
}

internal static class T
{
    public static Tensor Zeros(params int[] shape) => new(TensorData.Zeros(DType.Float32, shape));
    public static Tensor Range(int n) => new(TensorData.Arange(n));
}
