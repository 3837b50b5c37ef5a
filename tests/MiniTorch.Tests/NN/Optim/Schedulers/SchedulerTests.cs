using MiniTorch.NN;
using MiniTorch.Optim;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Optim;

/// <summary>StepLR and CosineAnnealingLR against their closed forms, derived by hand.</summary>
public class SchedulerTests
{
    private static Sgd TwoGroups(double lr0, double lr1) => new(
        [new ParamGroup<SgdOptions>([new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 2)))]),
         new ParamGroup<SgdOptions>([new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 3)))], o => o with { Lr = lr1 })],
        new SgdOptions { Lr = lr0, Momentum = 0.9 });

    private static double CosineClosedForm(double baseLr, double etaMin, int tMax, int epoch) =>
        etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * epoch / tMax)) / 2;

    [Fact]
    public void StepLR_DecaysByGammaEveryStepSizeEpochs_InEveryGroup()
    {
        var sgd = TwoGroups(0.1, 0.5);
        var scheduler = new StepLR(sgd, stepSize: 3, gamma: 0.1);
        Assert.Equal(0, scheduler.LastEpoch);
        Assert.Equal(1, scheduler.StepCount);
        Assert.Equal([0.1, 0.5], scheduler.GetLastLr());
        for (int epoch = 1; epoch <= 10; epoch++)
        {
            scheduler.Step();
            Assert.Equal(epoch, scheduler.LastEpoch);
            double factor = Math.Pow(0.1, epoch / 3);
            Assert.Equal(0.1 * factor, sgd.ParamGroups[0].Lr, 1e-15);
            Assert.Equal(0.5 * factor, sgd.ParamGroups[1].Lr, 1e-15);
            Assert.Equal([sgd.ParamGroups[0].Lr, sgd.ParamGroups[1].Lr], scheduler.GetLastLr());
        }
    }

    [Fact]
    public void CosineAnnealing_HitsTheHandComputedValues()
    {
        // tMax 4, base 1, etaMin 0: (1 + cos(πe/4))/2 = 1, 0.853553, 0.5, 0.146447, 0, then back up.
        var sgd = new Sgd([new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 1)))], new SgdOptions { Lr = 1 });
        var scheduler = new CosineAnnealingLR(sgd, tMax: 4);
        double s = Math.Sqrt(2) / 4;
        double[] expected = [1, 0.5 + s, 0.5, 0.5 - s, 0, 0.5 - s, 0.5, 0.5 + s, 1];
        Assert.Equal(expected[0], sgd.ParamGroups[0].Lr);
        for (int epoch = 1; epoch < expected.Length; epoch++)
        {
            scheduler.Step();
            Assert.Equal(expected[epoch], scheduler.GetLastLr()[0], 1e-15);
        }
    }

    [Theory]
    [InlineData(1, 0.1, 0.0)]
    [InlineData(2, 1.0, 0.0)]
    [InlineData(5, 0.1, 0.001)]
    [InlineData(10, 0.05, 0.01)]
    [InlineData(50, 1.0, 0.0)]
    [InlineData(7, 0.3, 0.3)]
    public void CosineAnnealing_RecursiveFormAgreesWithTheClosedForm_Over3TMaxSteps(int tMax, double baseLr, double etaMin)
    {
        var sgd = TwoGroups(baseLr, baseLr / 3);
        var scheduler = new CosineAnnealingLR(sgd, tMax, etaMin);
        for (int epoch = 1; epoch <= 3 * tMax; epoch++)
        {
            scheduler.Step();
            Assert.Equal(CosineClosedForm(baseLr, etaMin, tMax, epoch), sgd.ParamGroups[0].Lr, 1e-12);
            Assert.Equal(CosineClosedForm(baseLr / 3, etaMin, tMax, epoch), sgd.ParamGroups[1].Lr, 1e-12);
        }
    }

    [Fact]
    public void CosineAnnealing_CarriesAHandChangedRateForward_AsPyTorchsRecursionDoes()
    {
        var sgd = new Sgd([new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 1)))], new SgdOptions { Lr = 1 });
        var scheduler = new CosineAnnealingLR(sgd, tMax: 4, etaMin: 0.1);
        scheduler.Step();
        sgd.ParamGroups[0].Lr = 0.4;
        scheduler.Step();
        double ratio = (1 + Math.Cos(Math.PI * 2 / 4)) / (1 + Math.Cos(Math.PI / 4));
        Assert.Equal(ratio * (0.4 - 0.1) + 0.1, sgd.ParamGroups[0].Lr, 1e-15);
    }

    [Fact]
    public void Constructing_SetsInitialLrOnce_AndTheFirstSchedulersBaseLrsAreKept()
    {
        var sgd = TwoGroups(0.1, 0.5);
        _ = new StepLR(sgd, 1, 0.5);
        Assert.Equal(0.1, sgd.ParamGroups[0].InitialLr);
        sgd.ParamGroups[0].Lr = 0.02;
        var second = new CosineAnnealingLR(sgd, 10);
        Assert.Equal([0.1, 0.5], second.BaseLrs); // setdefault: the earlier initial_lr stays
        Assert.Equal(0.02, sgd.ParamGroups[0].Lr); // the initial step changes no rate
    }

    [Fact]
    public void SchedulerAndOptimizerStateDicts_RoundTrip_ToTheSameRates()
    {
        var sgd = TwoGroups(0.2, 0.6);
        var scheduler = new CosineAnnealingLR(sgd, 6, 0.01);
        for (int i = 0; i < 4; i++) scheduler.Step();
        var optimizerState = sgd.StateDict();
        var schedulerState = scheduler.StateDict();
        Assert.Equal(4, schedulerState.LastEpoch);
        Assert.Equal(5, schedulerState.StepCount);
        Assert.Equal(["T_max", "eta_min"], schedulerState.Settings.Keys);

        var restoredOptimizer = TwoGroups(9, 9);
        var restored = new CosineAnnealingLR(restoredOptimizer, 99);
        restoredOptimizer.LoadStateDict(optimizerState);
        restored.LoadStateDict(schedulerState);
        Assert.Equal(6, restored.TMax);
        Assert.Equal(0.01, restored.EtaMin);
        Assert.Equal(scheduler.BaseLrs, restored.BaseLrs);
        for (int i = 0; i < 10; i++)
        {
            scheduler.Step();
            restored.Step();
            Assert.Equal(scheduler.GetLastLr(), restored.GetLastLr());
            Assert.Equal(scheduler.LastEpoch, restored.LastEpoch);
        }
    }

    [Fact]
    public void StepLRStateDict_RoundTrips()
    {
        var sgd = TwoGroups(0.2, 0.6);
        var scheduler = new StepLR(sgd, 2, 0.5);
        scheduler.Step();
        var restored = new StepLR(TwoGroups(0.2, 0.6), 7);
        restored.LoadStateDict(scheduler.StateDict());
        Assert.Equal(2, restored.StepSize);
        Assert.Equal(0.5, restored.Gamma);
        Assert.Equal(1, restored.LastEpoch);
    }

    [Fact]
    public void DefectiveSchedulerStateDict_IsRejected_AndChangesNothing()
    {
        var scheduler = new StepLR(TwoGroups(0.2, 0.6), 2, 0.5);
        var good = scheduler.StateDict();
        var e = Assert.Throws<ArgumentException>(() => scheduler.LoadStateDict(new LRSchedulerStateDict { LastEpoch = 3, StepCount = 4, BaseLrs = [0.1], LastLr = [0.1, 0.2], Settings = good.Settings }));
        Assert.Contains("1 base_lrs for an optimizer with 2 parameter groups", e.Message);
        var settings = new OrderedDictionary<string, double> { ["step_size"] = 2.5 };
        e = Assert.Throws<ArgumentException>(() => scheduler.LoadStateDict(new LRSchedulerStateDict { LastEpoch = 3, StepCount = 4, BaseLrs = [0.1, 0.2], LastLr = [0.1, 0.2], Settings = settings }));
        Assert.Contains("step_size must be a whole number >= 1, got 2.5", e.Message);
        settings = new OrderedDictionary<string, double> { ["T_max"] = 3 };
        e = Assert.Throws<ArgumentException>(() => scheduler.LoadStateDict(new LRSchedulerStateDict { LastEpoch = 3, StepCount = 4, BaseLrs = [0.1, 0.2], LastLr = [0.1, 0.2], Settings = settings }));
        Assert.Contains("unknown setting 'T_max'", e.Message);
        Assert.Equal(0, scheduler.LastEpoch);
        Assert.Equal(2, scheduler.StepSize);
        Assert.Equal([0.2, 0.6], scheduler.BaseLrs);
    }

    [Fact]
    public void SchedulerSteps_DriveTheOptimizersUpdates()
    {
        var p = new Parameter(new Tensor(TensorData.Full([1], 1.0, DType.Float64)));
        var sgd = new Sgd([p], new SgdOptions { Lr = 0.1 });
        var scheduler = new StepLR(sgd, 1, 0.5);
        double expected = 1;
        for (int i = 0; i < 3; i++)
        {
            p.Grad = new Tensor(TensorData.Full([1], 1.0, DType.Float64));
            sgd.Step();
            expected -= 0.1 * Math.Pow(0.5, i);
            scheduler.Step();
        }
        Assert.Equal(expected, p.ToDoubleArray()[0], 1e-15);
    }
}
