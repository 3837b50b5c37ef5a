using BenchmarkDotNet.Running;
using MiniTorch.Benchmarks.Profiling;

// Every benchmark class in this assembly is picked up; choose with --filter, e.g.
//   dotnet run -c Release --project benchmarks/MiniTorch.Benchmarks -- --filter '*Elementwise*'
// `--profile mlp|cnn [threads]` prints a Stopwatch breakdown of one training step instead;
// `--profile kernels [threads]` times the CNN step's tensor kernels one by one;
// `--profile cnn-loop [threads] [seconds]` just runs steps, for an outside profiler (perf, dotnet-trace).
if (args.Length > 0 && args[0] == "--profile")
{
    string what = args.Length > 1 ? args[1] : "cnn";
    int threads = args.Length > 2 ? int.Parse(args[2]) : 1;
    if (what == "kernels") KernelProfiler.Run(threads);
    else if (what.EndsWith("-loop")) StepProfiler.Loop(what[..^5], threads, seconds: args.Length > 3 ? double.Parse(args[3]) : 10);
    else StepProfiler.Run(what, threads);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
