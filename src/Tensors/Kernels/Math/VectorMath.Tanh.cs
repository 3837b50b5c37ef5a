using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

internal static partial class VectorMath
{
    /// <summary>
    /// tanh(x) = -t / (2 + t) with t = e^(-2|x|) - 1, and the sign of x. Written with e^x - 1
    /// (not 1 - 2/(e^2x + 1)) so it stays accurate near 0 (tanh(-0) = -0, tiny x gives x); t
    /// tends to -1 for large |x|, so the result saturates at +-1 and tanh(+-inf) = +-1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var t = ExpMinusOneNonPositive<TV, T>(TV.Abs(x) * TV.Constant(-2.0));
        return CopySign<TV, T>(t / (TV.Constant(-2.0) - t), x);
    }
}
