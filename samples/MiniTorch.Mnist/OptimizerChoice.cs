using MiniTorch.Optim;

namespace MiniTorch.Samples.Mnist;

/// <summary>The optimizers <c>--optimizer</c> offers, and their settings.</summary>
public static class OptimizerChoice
{
    public const string Sgd = "sgd", Adam = "adam", AdamW = "adamw";

    /// <summary>The accepted names, in the order help lists them.</summary>
    public static readonly string[] Names = [Adam, AdamW, Sgd];

    /// <summary>SGD's momentum (PyTorch's usual 0.9 for small CNNs).</summary>
    public const double SgdMomentum = 0.9;

    /// <summary>
    /// The learning rate used when <c>--lr</c> is not given: 2e-3 for Adam and AdamW (twice the
    /// customary 1e-3, which the cosine schedule brings down to 0; measured to reach 98 % in 3
    /// epochs), 0.01 for SGD with momentum (0.05 overshoots in the first steps).
    /// </summary>
    public static double DefaultLr(string name) => name == Sgd ? 0.01 : 2e-3;

    /// <summary>A new optimizer over <paramref name="parameters"/>; AdamW keeps PyTorch's default weight decay 0.01.</summary>
    public static Optimizer Create(string name, IEnumerable<Tensor> parameters, double lr) => name switch
    {
        Sgd => new Optim.Sgd(parameters, new SgdOptions { Lr = lr, Momentum = SgdMomentum }),
        Adam => new Optim.Adam(parameters, new AdamOptions { Lr = lr }),
        AdamW => new Optim.AdamW(parameters, new AdamWOptions { Lr = lr }),
        _ => throw new TrainerException($"unknown optimizer '{name}' (choose one of {string.Join(", ", Names)})", TrainerException.UsageError),
    };
}
