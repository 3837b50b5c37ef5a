using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Benchmarks.Profiling;
using Perfolizer.Horology;

// Every benchmark class in this assembly is picked up; choose with --filter, e.g.
//   dotnet run -c Release --project benchmarks/MiniTorch.Benchmarks -- --filter '*Elementwise*'
// Extra arguments (see benchmarks/README.md):
//   --smoke          one short job (1 warm-up, 3 iterations of ~100 ms): a quick look, not a result
//   --vector-paths   every selected class under the four vector paths (default, AVX-512 off, AVX2 off, no SIMD)
//   --profile mlp|cnn [threads]           a Stopwatch breakdown of one training step
//   --profile kernels [threads]           the CNN step's tensor kernels one by one, fresh result vs preallocated
//   --profile mlp-loop|cnn-loop [threads] [seconds]   just run steps, for an outside profiler (perf, dotnet-trace)
if (args.Length > 0 && args[0] == "--profile")
{
    string what = args.Length > 1 ? args[1] : "cnn";
    int threads = args.Length > 2 ? int.Parse(args[2]) : 1;
    if (what == "kernels") KernelProfiler.Run(threads);
    else if (what.EndsWith("-loop")) StepProfiler.Loop(what[..^5], threads, seconds: args.Length > 3 ? double.Parse(args[3]) : 10);
    else StepProfiler.Run(what, threads);
    return;
}

bool smoke = args.Contains("--smoke"), vectorPaths = args.Contains("--vector-paths");
args = args.Where(a => a is not ("--smoke" or "--vector-paths")).ToArray();
var baseJob = smoke
    ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Smoke")
    : Job.Default;
IConfig? config = null;
if (smoke || vectorPaths)
{
    var manual = ManualConfig.Create(DefaultConfig.Instance);
    if (vectorPaths) foreach (var job in VectorPathsConfig.Jobs(baseJob)) manual.AddJob(job);
    else manual.AddJob(baseJob);
    config = manual;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
