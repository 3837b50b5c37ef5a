using System.Diagnostics;
using System.Globalization;
using MiniTorch.Benchmarks.Training;
using MiniTorch.NN;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks.Profiling;

/// <summary>
/// A Stopwatch profile of one training step, for finding where the time goes (BenchmarkDotNet
/// gives the step total; this splits it). Run with
/// <c>dotnet run -c Release --project benchmarks/MiniTorch.Benchmarks -- --profile cnn 2</c>
/// (model mlp or cnn, thread count). Every figure is the median of many repetitions after a
/// warm-up long enough for the JIT to reach tier 1.
/// </summary>
public static class StepProfiler
{
    private const int Warmup = 40;
    private const int Repeats = 41;

    public static void Run(string model, int threads)
    {
        Threading.ThreadCount = threads;
        var work = model == "mlp" ? TrainingWorkload.Mlp() : TrainingWorkload.Cnn();
        Console.WriteLine($"{work.Name}, {threads} thread(s)");

        for (int i = 0; i < Warmup; i++) work.Step();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        int gen2Before = GC.CollectionCount(2);
        const int counted = 20;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < counted; i++) work.Step();
        double mean = sw.Elapsed.TotalMicroseconds / counted;
        long allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / counted;
        double paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMicroseconds / counted;
        double gen2 = (double)(GC.CollectionCount(2) - gen2Before) / counted;
        double step = Median(() => work.Step());
        long activations = work.ActivationBytes();
        Console.WriteLine($"step median {Us(step)} us, mean {Us(mean)} us, of which GC pauses {Us(paused)} us ({gen2:F1} gen2 collections per step)");
        Console.WriteLine($"allocated {allocated:N0} B/step; activations {activations:N0} B ({100.0 * allocated / activations:F1}%)");

        PrintPhases(work);
        PrintLayers(work);
    }

    /// <summary>Runs training steps for about <paramref name="seconds"/>, for an outside profiler; prints the step count.</summary>
    public static void Loop(string model, int threads, double seconds)
    {
        Threading.ThreadCount = threads;
        var work = model == "mlp" ? TrainingWorkload.Mlp() : TrainingWorkload.Cnn();
        var sw = Stopwatch.StartNew();
        int steps = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { work.Step(); steps++; }
        Console.WriteLine($"{work.Name}, {threads} thread(s): {steps} steps, {sw.Elapsed.TotalMilliseconds / steps:F2} ms/step");
    }

    /// <summary>zero_grad, forward, loss, backward and the optimizer step, each timed inside whole steps.</summary>
    private static void PrintPhases(TrainingWorkload work)
    {
        var times = new List<double>[5];
        for (int p = 0; p < times.Length; p++) times[p] = [];
        var sw = new Stopwatch();
        for (int r = 0; r < Repeats; r++)
        {
            using var scope = StorageScope.Begin();   // as in TrainingWorkload.Step
            sw.Restart(); work.Optimizer.ZeroGrad(); times[0].Add(sw.Elapsed.TotalMicroseconds);
            sw.Restart(); var logits = work.Model.Forward(work.Input); times[1].Add(sw.Elapsed.TotalMicroseconds);
            sw.Restart(); var loss = work.Loss(logits); times[2].Add(sw.Elapsed.TotalMicroseconds);
            sw.Restart(); loss.Backward(); times[3].Add(sw.Elapsed.TotalMicroseconds);
            sw.Restart(); work.Optimizer.Step(); times[4].Add(sw.Elapsed.TotalMicroseconds);
        }
        string[] names = ["zero_grad", "forward", "loss", "backward", "optimizer"];
        Console.WriteLine();
        Console.WriteLine("| phase | median us | min us |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (int p = 0; p < names.Length; p++) Console.WriteLine($"| {names[p]} | {Us(MedianOf(times[p]))} | {Us(times[p].Min())} |");
    }

    /// <summary>
    /// Each layer alone: its input is the previous layer's output detached (requiring grad except
    /// for the data itself), forward timed, then backward from the layer's output with a fixed
    /// gradient. The backward time excludes the copy autograd makes of the input gradient into
    /// the detached leaf's Grad (timed separately and subtracted); parameter gradients are
    /// accumulated as in a real step (the first one is a copy). Medians include the collector's
    /// interference with fresh multi-megabyte results (it can stall an allocation for
    /// milliseconds); minimums show the layer without it.
    /// </summary>
    private static void PrintLayers(TrainingWorkload work)
    {
        Console.WriteLine();
        Console.WriteLine("| layer | output | forward median us | forward min us | backward median us | backward min us |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        var x = work.Input;
        double forwardMin = 0, backwardMin = 0;
        for (int i = 0; i < work.Model.Count; i++)
        {
            var layer = work.Model[i];
            var input = i == 0 ? x : x.Detach().SetRequiresGrad();
            var forward = Sample(() => layer.Forward(input));
            var output = layer.Forward(input);
            var gradOutput = new Tensor(RandomLike(output.Data));
            (double Median, double Min) backward = (double.NaN, double.NaN);
            if (output.RequiresGrad)
            {
                var samples = new List<double>();
                var sw = new Stopwatch();
                for (int r = 0; r < Repeats + Warmup; r++)
                {
                    var y = layer.Forward(input);
                    input.Grad = null;
                    foreach (var p in layer.Parameters()) p.Grad = null;
                    sw.Restart();
                    y.Backward(gradOutput);
                    if (r >= Warmup) samples.Add(sw.Elapsed.TotalMicroseconds);
                }
                var leafCopy = input.RequiresGrad ? Sample(() => input.Grad!.Data.Clone()) : (0, 0);
                backward = (MedianOf(samples) - leafCopy.Median, samples.Min() - leafCopy.Min);
            }
            forwardMin += forward.Min;
            backwardMin += double.IsNaN(backward.Min) ? 0 : backward.Min;
            Console.WriteLine($"| {i} {Describe(layer)} | {ShapeUtil.Format(output.Shape)} | {Us(forward.Median)} | {Us(forward.Min)} | {Us(backward.Median)} | {Us(backward.Min)} |");
            x = output;
        }
        var loss = Sample(() => work.Loss(x));
        Console.WriteLine($"| loss (forward) | [] | {Us(loss.Median)} | {Us(loss.Min)} | | |");
        Console.WriteLine($"| sum of minimums | | | {Us(forwardMin + loss.Min)} | | {Us(backwardMin)} |");
    }

    private static string Describe(Module layer) => layer.GetType().Name;

    private static TensorData RandomLike(TensorData t)
    {
        var rng = new Random(5);
        var values = new float[t.Numel];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextSingle() - 0.5f;
        return TensorData.FromArray(values, t.ShapeArray());
    }

    internal static double Median(Action action) => Sample(action).Median;

    /// <summary>Median and minimum of <see cref="Repeats"/> timings after a warm-up.</summary>
    internal static (double Median, double Min) Sample(Action action)
    {
        // Long enough, in calls and in time, for tiered compilation to reach tier 1 (it waits ~100 ms after the 30th call).
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < Warmup || warm.ElapsedMilliseconds < 500; i++)
        {
            using var scope = StorageScope.Begin();   // what the action allocates is discarded
            action();
        }
        var samples = new List<double>(Repeats);
        var sw = new Stopwatch();
        for (int i = 0; i < Repeats; i++)
        {
            using var scope = StorageScope.Begin();
            sw.Restart();
            action();
            samples.Add(sw.Elapsed.TotalMicroseconds);
        }
        return (MedianOf(samples), samples.Min());
    }

    private static double MedianOf(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static string Us(double us) => double.IsNaN(us) ? "-" : us.ToString(us < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);
}
