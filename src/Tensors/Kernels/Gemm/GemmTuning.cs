namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// Size thresholds of the matrix-multiply driver that do not depend on the element type. They are
/// fields, not constants, so benchmarks can sweep them; the values are the ones measured best (see docs/gemm.md).
/// </summary>
internal static class GemmTuning
{
    /// <summary>Multiply-adds each thread must get before a product is split across threads.</summary>
    public static double MinWorkPerThread = 256 * 1024;

    /// <summary>Products with every dimension at or below these skip packing (BLIS's "sup" path).</summary>
    public static int SmallM = 256, SmallN = 256, SmallK = 256;

    /// <summary>
    /// For tests: forces this thread's products onto the small path (true) or the packed path
    /// (false); null lets the sizes decide. Both paths give bit-identical results.
    /// </summary>
    [ThreadStatic] public static bool? ForceSmallPath;
}
