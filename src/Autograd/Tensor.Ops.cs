using MiniTorch.Autograd.Functions;

namespace MiniTorch;

// The differentiable ops users call. Each forwards to the primitive's class in Functions/.
public partial class Tensor
{
    public Tensor Neg() => Autograd.Functions.Neg.Apply(this);
    public Tensor Exp() => Autograd.Functions.Exp.Apply(this);
    public Tensor Log() => Autograd.Functions.Log.Apply(this);
    public Tensor Tanh() => Autograd.Functions.Tanh.Apply(this);
    public Tensor Sigmoid() => Autograd.Functions.Sigmoid.Apply(this);
    public Tensor Relu() => Autograd.Functions.Relu.Apply(this);

    public static Tensor operator -(Tensor x) => x.Neg();
}
