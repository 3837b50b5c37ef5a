using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MiniTorch.Benchmarks.Config;

/// <summary>
/// One job per vector path the kernels dispatch on: the machine's widest (Vector512 where AVX-512
/// is present), Vector256 (<c>DOTNET_EnableAVX512=0</c>), Vector128 (<c>DOTNET_EnableAVX2=0</c>)
/// and scalar (<c>DOTNET_EnableHWIntrinsic=0</c>). .NET 10 ignores <c>DOTNET_EnableAVX512F</c>, so
/// the 256-bit job switches off the whole AVX-512 group. Four jobs cost four times the time, so
/// it is opt-in: per class with <see cref="VectorPathsAttribute"/>, or for any run with the
/// <c>--vector-paths</c> argument (see Program.cs).
/// </summary>
public sealed class VectorPathsConfig : ManualConfig
{
    public VectorPathsConfig() : this(Job.Default) { }

    /// <summary>The four jobs, each derived from <paramref name="baseJob"/> (e.g. a short run).</summary>
    public VectorPathsConfig(Job baseJob)
    {
        foreach (var job in Jobs(baseJob)) AddJob(job);
    }

    public static IEnumerable<Job> Jobs(Job baseJob) =>
    [
        baseJob.WithId("Widest"),
        PathJob(baseJob, "Vector256", "DOTNET_EnableAVX512"),
        PathJob(baseJob, "Vector128", "DOTNET_EnableAVX2"),
        PathJob(baseJob, "Scalar", "DOTNET_EnableHWIntrinsic"),
    ];

    private static Job PathJob(Job baseJob, string id, string switchedOff) =>
        baseJob.WithEnvironmentVariables(new EnvironmentVariable(switchedOff, "0")).WithId(id);
}

/// <summary>Runs a benchmark class once per vector path (<see cref="VectorPathsConfig"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class VectorPathsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = new VectorPathsConfig();
}
