using Fn = MiniTorch.Autograd.Functions;

namespace MiniTorch;

// Index-based selection and matrix products.
public partial class Tensor
{
    /// <summary>Entries along <paramref name="dim"/> at the int64 <paramref name="index"/> (1-d); repeats accumulate in the gradient.</summary>
    public Tensor IndexSelect(int dim, Tensor index) => Fn.IndexedRead.Apply(this, dim, index, gather: false);

    /// <summary>out[i][j] = x[i][index[i][j]] (for dim 1), like torch.gather.</summary>
    public Tensor Gather(int dim, Tensor index) => Fn.IndexedRead.Apply(this, dim, index, gather: true);

    /// <summary>torch.matmul: 1-d, 2-d, batched and broadcast-batched products.</summary>
    public Tensor Matmul(Tensor other) => Fn.Matmul.Apply(this, other);
}
