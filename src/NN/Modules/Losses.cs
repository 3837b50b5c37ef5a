namespace MiniTorch.NN;

// Loss modules: the functional losses with their settings fixed at construction.

/// <summary>Cross-entropy over class indices (int64 targets), with label smoothing.</summary>
public class CrossEntropyLoss(string reduction = "mean", double labelSmoothing = 0) : Module<(Tensor Input, Tensor Target), Tensor>
{
    public override Tensor Forward((Tensor Input, Tensor Target) x) => F.CrossEntropy(x.Input, x.Target, reduction, labelSmoothing);
    public Tensor Forward(Tensor input, Tensor target) => Forward((input, target));
}

public class NLLLoss(string reduction = "mean") : Module<(Tensor Input, Tensor Target), Tensor>
{
    public override Tensor Forward((Tensor Input, Tensor Target) x) => F.NllLoss(x.Input, x.Target, reduction);
    public Tensor Forward(Tensor input, Tensor target) => Forward((input, target));
}

public class MSELoss(string reduction = "mean") : Module<(Tensor Input, Tensor Target), Tensor>
{
    public override Tensor Forward((Tensor Input, Tensor Target) x) => F.MseLoss(x.Input, x.Target, reduction);
    public Tensor Forward(Tensor input, Tensor target) => Forward((input, target));
}

public class BCEWithLogitsLoss(string reduction = "mean") : Module<(Tensor Input, Tensor Target), Tensor>
{
    public override Tensor Forward((Tensor Input, Tensor Target) x) => F.BinaryCrossEntropyWithLogits(x.Input, x.Target, reduction);
    public Tensor Forward(Tensor input, Tensor target) => Forward((input, target));
}
