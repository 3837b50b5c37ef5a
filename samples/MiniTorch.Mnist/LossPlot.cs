using ScottPlot;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The run's curves as a PNG: training loss of every step (left axis) and held-out accuracy after
/// each epoch (right axis), both over epochs. Rendering uses ScottPlot, i.e. native SkiaSharp,
/// which is loaded only when a plot is drawn.
/// </summary>
public static class LossPlot
{
    /// <summary>The plot's file name inside the output folder.</summary>
    public const string FileName = "training.png";

    public const int Width = 900, Height = 500;

    /// <param name="stepLosses">Loss of each step, in order.</param>
    /// <param name="stepsPerEpoch">Steps in one epoch, to place steps on the epoch axis.</param>
    /// <param name="epochAccuracies">Held-out accuracy in [0, 1] after epochs 1, 2, ...</param>
    public static void Write(string path, IReadOnlyList<double> stepLosses, int stepsPerEpoch, IReadOnlyList<double> epochAccuracies)
    {
        var plot = new Plot();
        plot.Title("MiniTorch MNIST CNN");
        plot.XLabel("epoch");
        plot.YLabel("training loss (cross-entropy)");

        var stepX = Enumerable.Range(1, stepLosses.Count).Select(s => (double)s / stepsPerEpoch).ToArray();
        var loss = plot.Add.ScatterLine(stepX, stepLosses.ToArray());
        loss.LegendText = "loss per step";
        loss.LineWidth = 1;

        var epochX = Enumerable.Range(1, epochAccuracies.Count).Select(e => (double)e).ToArray();
        var accuracy = plot.Add.Scatter(epochX, epochAccuracies.Select(a => 100 * a).ToArray());
        accuracy.LegendText = "held-out accuracy (%)";
        accuracy.Axes.YAxis = plot.Axes.Right;
        accuracy.LineWidth = 2;
        accuracy.MarkerSize = 8;
        plot.Axes.Right.Label.Text = "held-out accuracy (%)";

        // Room on the right for the last accuracy marker; accuracy from a round number below its lowest value up to 100 %.
        double epochs = Math.Max(1, Math.Ceiling(stepX.LastOrDefault()));
        plot.Axes.SetLimitsX(0, epochs + 0.05 * epochs);
        plot.Axes.SetLimitsY(0, Math.Max(0.1, stepLosses.DefaultIfEmpty(1).Max() * 1.05), plot.Axes.Left);
        double lowest = 100 * epochAccuracies.DefaultIfEmpty(0).Min();
        plot.Axes.SetLimitsY(Math.Max(0, Math.Floor(lowest / 5) * 5 - 5), 100.5, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }
}
