namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Size thresholds of the matrix-multiply driver that do not depend on the element type. They are
/// fields, not constants, so benchmarks can sweep them; the values are the ones measured best (see docs/gemm.md).
/// </summary>
internal static class GemmTuning
{
    /// <summary>Multiply-adds each thread must get before a product is split across threads.</summary>
    public static double MinWorkPerThread = 256 * 1024;

    /// <summary>B is packed when C has more rows than this (see GemmKernel.Plan).</summary>
    public static int PackBMinRows = 64;

    /// <summary>A is packed when C has more rows and columns than these.</summary>
    public static int PackAMinRows = 256, PackAMinColumns = 256;

    /// <summary>
    /// For tests: forces this thread's products onto the small path (true) or the packed path
    /// (false); null lets the sizes decide. Both paths give bit-identical results.
    /// </summary>
    [ThreadStatic] public static bool? ForceSmallPath;
}
