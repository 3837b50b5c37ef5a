using System.Globalization;

namespace MiniTorch.Optim;

/// <summary>
/// Hyperparameters shared by every optimizer. Options are immutable records: an optimizer's
/// defaults are one value, and a parameter group overrides them with a <c>with</c> expression
/// (<c>o =&gt; o with { WeightDecay = 0 }</c>). Property names follow PyTorch's arguments.
/// </summary>
public abstract record OptimizerOptions
{
    /// <summary>Learning rate (PyTorch's <c>lr</c>; default 1e-3 as in current PyTorch).</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>Throws <see cref="ArgumentException"/> with PyTorch's message when a value is out of range.</summary>
    public virtual void Validate()
    {
        if (!(Lr >= 0)) throw Invalid($"Invalid learning rate: {Format(Lr)}");
    }

    /// <summary>A copy with another learning rate (what schedulers set), keeping the runtime type.</summary>
    public OptimizerOptions WithLr(double lr) => this with { Lr = lr };

    private protected static ArgumentException Invalid(string message) => new(message);

    /// <summary>A number for messages: culture-independent, round-trippable, exponents written like Python's (<c>1e-08</c>).</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
}

/// <summary>Settings of <see cref="Sgd"/>; defaults are PyTorch's.</summary>
public sealed record SgdOptions : OptimizerOptions
{
    public double Momentum { get; init; }
    public double Dampening { get; init; }
    public double WeightDecay { get; init; }
    public bool Nesterov { get; init; }
    public bool Maximize { get; init; }

    public override void Validate()
    {
        base.Validate();
        if (!(Momentum >= 0)) throw Invalid($"Invalid momentum value: {Format(Momentum)}");
        if (!(WeightDecay >= 0)) throw Invalid($"Invalid weight_decay value: {Format(WeightDecay)}");
        // PyTorch does not range-check dampening; a NaN would silently poison every momentum buffer.
        if (double.IsNaN(Dampening)) throw Invalid($"Invalid dampening value: {Format(Dampening)}");
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw Invalid($"Nesterov momentum requires a momentum and zero dampening (got momentum {Format(Momentum)}, dampening {Format(Dampening)})");
    }
}

/// <summary>
/// Settings of <see cref="Adam"/>. <see cref="DecoupledWeightDecay"/> selects AdamW's decay
/// (<c>p *= 1 - lr·wd</c>) over L2 (<c>g += wd·p</c>), as PyTorch's <c>decoupled_weight_decay</c> does.
/// </summary>
public record AdamOptions : OptimizerOptions
{
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double WeightDecay { get; init; }
    public bool Amsgrad { get; init; }
    public bool Maximize { get; init; }
    public bool DecoupledWeightDecay { get; init; }

    public override void Validate()
    {
        base.Validate();
        if (!(Eps >= 0)) throw Invalid($"Invalid epsilon value: {Format(Eps)}");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw Invalid($"Invalid beta parameter at index 0: {Format(Beta1)}");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw Invalid($"Invalid beta parameter at index 1: {Format(Beta2)}");
        if (!(WeightDecay >= 0)) throw Invalid($"Invalid weight_decay value: {Format(WeightDecay)}");
    }
}

/// <summary>Settings of <see cref="AdamW"/>: Adam's, with PyTorch's AdamW defaults (weight decay 1e-2, decoupled).</summary>
public sealed record AdamWOptions : AdamOptions
{
    public AdamWOptions()
    {
        WeightDecay = 1e-2;
        DecoupledWeightDecay = true;
    }
}
