using MiniTorch.Tensors.Kernels;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch;

// Process-wide settings of the kernels underneath, named like PyTorch's.
public static partial class Torch
{
    /// <summary>Threads the kernels may use, like <c>torch.get_num_threads</c> / <c>torch.set_num_threads</c>; results never depend on it.</summary>
    public static int NumThreads
    {
        get => Threading.ThreadCount;
        set => Threading.ThreadCount = value;
    }

    /// <summary>The vector width the kernels run on (e.g. "Vector256 on X64"), like <c>torch.backends.cpu.get_cpu_capability()</c>.</summary>
    public static string CpuCapability => VectorPath.Describe();
}
