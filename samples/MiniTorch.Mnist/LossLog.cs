using System.Globalization;
using System.Text;

namespace MiniTorch.Samples.Mnist;

/// <summary>Every training step's loss as <c>losses.csv</c> (<c>step,epoch,loss</c>), exact to the last bit.</summary>
public static class LossLog
{
    /// <summary>The log's file name inside the output folder.</summary>
    public const string FileName = "losses.csv";

    public static void Write(string path, IReadOnlyList<double> stepLosses, int stepsPerEpoch)
    {
        var text = new StringBuilder("step,epoch,loss\n");
        for (int i = 0; i < stepLosses.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i + 1},{i / stepsPerEpoch + 1},{stepLosses[i]:R}\n");
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The losses of a file written by <see cref="Write"/>, in step order.</summary>
    public static double[] Read(string path) =>
        File.ReadLines(path).Skip(1).Select(line => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
}
