using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

// torch.* functions that combine several tensors.
public static partial class Torch
{
    /// <summary>Joins tensors along an existing dim; every input receives its slice of the gradient.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Fn.Cat.Apply(tensors, dim);

    /// <summary>Joins equally shaped tensors along a new dim.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => Fn.Stack.Apply(tensors, dim);

    public static Tensor Matmul(Tensor a, Tensor b) => Fn.Matmul.Apply(a, b);

    /// <summary>condition ? x : y elementwise with broadcasting; the bool condition is not differentiable.</summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y) => Fn.Where.Apply(condition, x, y);
}
