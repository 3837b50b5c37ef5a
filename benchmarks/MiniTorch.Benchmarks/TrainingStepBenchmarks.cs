using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MiniTorch.Benchmarks.Config;
using MiniTorch.Benchmarks.Training;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks;

/// <summary>
/// Whole training steps, batch 64, on 1 and 2 threads: zero_grad, forward, cross-entropy loss,
/// backward and SGD (momentum 0.9) for the MLP 784-256-10 and the two-block CNN of
/// <see cref="TrainingWorkload"/>. The memory diagnoser counts the managed bytes each step
/// allocates; the Activations column gives the bytes of the tensors the forward pass produces and
/// Alloc/Act the ratio of the two (the CNN's target is at most 5% once storage is pooled).
/// Each step runs in a <c>StorageScope</c>, as the MNIST trainer's do; <c>CnnStepUnscoped</c> shows the
/// same step without one (every result a fresh GC array).
/// </summary>
[MemoryDiagnoser]
[ActivationColumns]
public class TrainingStepBenchmarks
{
    private TrainingWorkload _mlp = null!, _cnn = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup(Target = nameof(MlpStep))]
    public void SetupMlp()
    {
        Threading.ThreadCount = Threads;
        _mlp = TrainingWorkload.Mlp();
    }

    [GlobalSetup(Targets = [nameof(CnnStep), nameof(CnnStepUnscoped)])]
    public void SetupCnn()
    {
        Threading.ThreadCount = Threads;
        _cnn = TrainingWorkload.Cnn();
    }

    [Benchmark]
    public double MlpStep() => _mlp.Step();

    [Benchmark]
    public double CnnStep() => _cnn.Step();

    [Benchmark]
    public Tensor CnnStepUnscoped() => _cnn.StepUnscoped();

    /// <summary>The activation bytes of a case's workload (for <see cref="ActivationColumnsAttribute"/>; computed in the host process).</summary>
    public static long ActivationBytes(BenchmarkCase c) => c.Descriptor.WorkloadMethod.Name switch
    {
        nameof(MlpStep) => MlpActivations.Value,
        nameof(CnnStep) or nameof(CnnStepUnscoped) => CnnActivations.Value,
        _ => 0,
    };

    private static readonly Lazy<long> MlpActivations = new(() => TrainingWorkload.Mlp().ActivationBytes());
    private static readonly Lazy<long> CnnActivations = new(() => TrainingWorkload.Cnn().ActivationBytes());
}
