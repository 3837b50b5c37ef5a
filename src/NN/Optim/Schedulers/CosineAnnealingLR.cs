namespace MiniTorch.Optim;

/// <summary>
/// Cosine annealing without restarts, like <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>:
/// the rate follows <c>etaMin + (base - etaMin)·(1 + cos(π·e/tMax))/2</c>, rising again after
/// <c>tMax</c>. Computed with PyTorch's recursive form (each rate from the group's current one), so
/// a rate changed by hand between steps carries forward as it does in PyTorch.
/// </summary>
/// <param name="optimizer">The optimizer whose groups' rates this sets.</param>
/// <param name="tMax">Half period in epochs (at least 1; PyTorch divides by it).</param>
/// <param name="etaMin">The minimum learning rate.</param>
public sealed class CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : LRScheduler(optimizer)
{
    // Field initializers run before the base constructor's initial step, which needs them.
    private int _tMax = tMax >= 1 ? tMax
        : throw new ArgumentOutOfRangeException(nameof(tMax), tMax, $"T_max must be at least 1, got {tMax}");
    private double _etaMin = double.IsFinite(etaMin) && etaMin >= 0 ? etaMin
        : throw new ArgumentOutOfRangeException(nameof(etaMin), etaMin, $"eta_min must be a finite non-negative number, got {OptimizerOptions.Format(etaMin)}");

    public int TMax => _tMax;
    public double EtaMin => _etaMin;

    private protected override double[] GetLr(int epoch, IReadOnlyList<double> currentLrs, bool initial)
    {
        var next = new double[currentLrs.Count];
        for (int i = 0; i < next.Length; i++)
        {
            double lr = currentLrs[i];
            if (initial)
                next[i] = lr;
            else if ((epoch - 1 - _tMax) % (2 * _tMax) == 0) // the epoch after a minimum: 1 + cos(...) below would be 0
                next[i] = lr + (BaseLrs[i] - _etaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2;
            else
                next[i] = (1 + Math.Cos(Math.PI * epoch / _tMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / _tMax)) * (lr - _etaMin) + _etaMin;
        }
        return next;
    }

    private protected override IEnumerable<KeyValuePair<string, double>> SaveSettings() =>
        [new("T_max", _tMax), new("eta_min", _etaMin)];

    private protected override Action PrepareSettings(IReadOnlyDictionary<string, double> settings)
    {
        RejectUnknownSettings(settings, "T_max", "eta_min");
        int tMax = WholeSetting(settings, "T_max", _tMax, minimum: 1);
        double etaMin = settings.GetValueOrDefault("eta_min", _etaMin);
        if (!(double.IsFinite(etaMin) && etaMin >= 0))
            throw new ArgumentException($"scheduler state dict: eta_min must be a finite non-negative number, got {OptimizerOptions.Format(etaMin)}");
        return () => { _tMax = tMax; _etaMin = etaMin; };
    }
}
