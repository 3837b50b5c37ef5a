using BenchmarkDotNet.Running;
using MiniTorch.Benchmarks.Profiling;

// Every benchmark class in this assembly is picked up; choose with --filter, e.g.
//   dotnet run -c Release --project benchmarks/MiniTorch.Benchmarks -- --filter '*Elementwise*'
// `--profile mlp|cnn [threads]` prints a Stopwatch breakdown of one training step instead.
if (args.Length > 0 && args[0] == "--profile")
{
    StepProfiler.Run(args.Length > 1 ? args[1] : "cnn", args.Length > 2 ? int.Parse(args[2]) : 1);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
