namespace MiniTorch.Optim;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> every <c>stepSize</c> epochs, like
/// <c>torch.optim.lr_scheduler.StepLR</c>: after epoch e the rate is <c>base·gamma^⌊e/stepSize⌋</c>
/// (computed as PyTorch does, by multiplying the current rate at each boundary).
/// </summary>
/// <param name="optimizer">The optimizer whose groups' rates this sets.</param>
/// <param name="stepSize">Epochs between decays (at least 1; PyTorch fails later with a modulo by zero).</param>
/// <param name="gamma">The decay factor.</param>
public sealed class StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : LRScheduler(optimizer)
{
    // Field initializers run before the base constructor's initial step, which needs them.
    private int _stepSize = stepSize >= 1 ? stepSize
        : throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"step_size must be at least 1, got {stepSize}");
    private double _gamma = double.IsFinite(gamma) && gamma >= 0 ? gamma
        : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma must be a finite non-negative number, got {OptimizerOptions.Format(gamma)}");

    public int StepSize => _stepSize;
    public double Gamma => _gamma;

    private protected override double[] GetLr(int epoch, IReadOnlyList<double> currentLrs, bool initial)
    {
        if (initial || epoch % _stepSize != 0) return [.. currentLrs];
        return [.. currentLrs.Select(lr => lr * _gamma)];
    }

    private protected override IEnumerable<KeyValuePair<string, double>> SaveSettings() =>
        [new("step_size", _stepSize), new("gamma", _gamma)];

    private protected override Action PrepareSettings(IReadOnlyDictionary<string, double> settings)
    {
        RejectUnknownSettings(settings, "step_size", "gamma");
        int stepSize = WholeSetting(settings, "step_size", _stepSize, minimum: 1);
        double gamma = settings.GetValueOrDefault("gamma", _gamma);
        if (!(double.IsFinite(gamma) && gamma >= 0))
            throw new ArgumentException($"scheduler state dict: gamma must be a finite non-negative number, got {OptimizerOptions.Format(gamma)}");
        return () => { _stepSize = stepSize; _gamma = gamma; };
    }
}
