using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MiniTorch.Benchmarks.Config;

/// <summary>
/// One job per vector path the kernels dispatch on: the machine's widest (Vector512 where AVX-512
/// is present), Vector256 (<c>DOTNET_EnableAVX512F=0</c>), Vector128 (<c>DOTNET_EnableAVX2=0</c>)
/// and scalar (<c>DOTNET_EnableHWIntrinsic=0</c>). Four jobs cost four times the time, so classes
/// opt in with <see cref="VectorPathsAttribute"/>; everything else runs the plain default job.
/// </summary>
public sealed class VectorPathsConfig : ManualConfig
{
    public VectorPathsConfig()
    {
        AddJob(Job.Default.WithId("Widest"));
        AddJob(PathJob("Vector256", "DOTNET_EnableAVX512F"));
        AddJob(PathJob("Vector128", "DOTNET_EnableAVX2"));
        AddJob(PathJob("Scalar", "DOTNET_EnableHWIntrinsic"));
    }

    private static Job PathJob(string id, string switchedOff) =>
        Job.Default.WithEnvironmentVariables(new EnvironmentVariable(switchedOff, "0")).WithId(id);
}

/// <summary>Runs a benchmark class once per vector path (<see cref="VectorPathsConfig"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class VectorPathsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = new VectorPathsConfig();
}
