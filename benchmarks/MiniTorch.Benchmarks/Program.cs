using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is picked up; choose with --filter, e.g.
//   dotnet run -c Release --project benchmarks/MiniTorch.Benchmarks -- --filter '*Elementwise*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
