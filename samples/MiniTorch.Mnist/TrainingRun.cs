using System.Diagnostics;
using MiniTorch.Optim;
using Spectre.Console;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The default job: train <see cref="MnistNet"/> for the given epochs, print held-out accuracy after
/// each, then save the checkpoint and check its reload, and write the loss log, the plot and
/// <c>summary.json</c> to the output folder.
/// </summary>
public static class TrainingRun
{
    public static RunSummary Execute(TrainerOptions options, TrainerConsole console)
    {
        var clock = Stopwatch.StartNew();
        var data = DataLoading.Load(options.Data, options.TrainLimit, options.TestLimit);
        var output = OutputFolder.Prepare(options.Output);

        Torch.ManualSeed(options.Seed);
        var model = new MnistNet();
        var optimizer = OptimizerChoice.Create(options.Optimizer, model.Parameters(), options.EffectiveLr);
        // Cosine annealing from --lr down to 0 over all steps of the run: large steps while far from
        // a minimum, small ones at the end, which settles the held-out accuracy.
        var schedule = new CosineAnnealingLR(optimizer, tMax: options.Epochs * Trainer.StepsFor(data.Train.Length, options.BatchSize));
        var trainer = new Trainer(model, optimizer, data, options.BatchSize, schedule);
        console.Line(Markup.Escape(
            $"MNIST CNN: {data.Train.Length} training / {data.Test.Length} held-out images, {options.Epochs} epochs, " +
            $"batch {options.BatchSize}, {options.Optimizer} lr {options.EffectiveLr:G} (cosine to 0), {options.Threads} threads, seed {options.Seed}"));

        var epochs = new List<EpochResult>();
        var accuracies = new List<double>();
        Evaluation? evaluation = null;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var result = console.Epoch(epoch, options.Epochs, progress => trainer.RunEpoch(epoch, progress));
            evaluation = Evaluation.Run(model, data, data.Test);
            epochs.Add(result);
            accuracies.Add(evaluation.Accuracy);
            console.Line(
                $"epoch {epoch}/{options.Epochs}: held-out accuracy [bold]{100 * evaluation.Accuracy:F2}%[/] ({evaluation.Correct}/{evaluation.Total}), " +
                $"mean loss {result.MeanLoss:F4}, {result.Seconds:F1} s, {result.ImagesPerSecond:F0} img/s");
        }

        var check = CheckpointCheck.Run(model, data, output.File(CheckpointCheck.FileName), evaluation);
        console.Line(Markup.Escape($"checkpoint saved: {check.Path}"));
        console.Line(
            $"reload check (fresh model, eval mode): accuracy {100 * check.Reloaded.Accuracy:F2}% vs {100 * check.Trained.Accuracy:F2}%, " +
            $"logits {(check.Trained.LogitsBitIdentical(check.Reloaded) ? "bit-identical" : "DIFFERENT")}: " +
            (check.Identical ? "[green]identical[/]" : "[red]NOT identical[/]"));

        LossLog.Write(output.File(LossLog.FileName), trainer.StepLosses, trainer.StepsPerEpoch);
        bool plotted = options.Plot && TryPlot(output.File(LossPlot.FileName), trainer, accuracies, console);

        double trainSeconds = epochs.Sum(e => e.Seconds);
        var summary = new RunSummary
        {
            Accuracy = check.Trained.Accuracy,
            EpochAccuracies = [.. accuracies],
            EpochLosses = [.. epochs.Select(e => e.MeanLoss)],
            Epochs = options.Epochs,
            TrainImages = data.Train.Length,
            TestImages = data.Test.Length,
            TrainSeconds = trainSeconds,
            TrainImagesPerSecond = trainSeconds > 0 ? epochs.Sum(e => e.Images) / trainSeconds : 0,
            Threads = options.Threads,
            Seed = options.Seed,
            Optimizer = options.Optimizer,
            Lr = options.EffectiveLr,
            BatchSize = options.BatchSize,
            Checkpoint = check.Path,
            ReloadIdentical = check.Identical,
            TotalSeconds = clock.Elapsed.TotalSeconds,
        };
        summary.Write(output.File(RunSummary.FileName));
        console.Line(Markup.Escape($"wrote {output.FullPath}: {CheckpointCheck.FileName}, {LossLog.FileName}{(plotted ? ", " + LossPlot.FileName : "")}, {RunSummary.FileName}"));
        console.Line(
            $"final held-out accuracy [bold]{100 * summary.Accuracy:F2}%[/], total time [bold]{summary.TotalSeconds:F1} s[/] " +
            $"(training {summary.TrainSeconds:F1} s, {summary.TrainImagesPerSecond:F0} img/s)");
        return summary;
    }

    // The plot is a by-product: a machine whose native graphics library cannot load still gets the
    // checkpoint, the loss log and the summary, and is told why there is no picture.
    private static bool TryPlot(string path, Trainer trainer, List<double> accuracies, TrainerConsole console)
    {
        try
        {
            LossPlot.Write(path, trainer.StepLosses, trainer.StepsPerEpoch, accuracies);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException or IOException)
        {
            console.Line(Markup.Escape($"plot not drawn ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})"));
            return false;
        }
    }
}
