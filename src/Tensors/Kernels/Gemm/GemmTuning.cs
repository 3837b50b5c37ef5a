namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Size thresholds of the matrix-multiply driver that do not depend on the element type. They are
/// fields, not constants, so benchmarks can sweep them; the values are the ones measured best (see docs/gemm.md).
/// </summary>
internal static class GemmTuning
{
    /// <summary>
    /// Multiply-adds each thread must get before a product is split across threads (so products
    /// from about 3 M multiply-adds on are split). Below that a split saves only a few microseconds,
    /// and loses them whenever the second thread is not already running on its own core.
    /// </summary>
    public static double MinWorkPerThread = 1.5e6;

    /// <summary>B is packed when C has more rows than this (see GemmKernel.PackB).</summary>
    public static int PackBMinRows = 64;

    /// <summary>
    /// For tests: forces this thread's products to read B in place (true) or to pack it (false);
    /// null lets the sizes decide. Both paths give bit-identical results.
    /// </summary>
    [ThreadStatic] public static bool? ForceSmallPath;
}
