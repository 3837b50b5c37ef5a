using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// sigmoid and its relatives. sigmoid(x) = 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for
// x < 0: one exp of -|x|, which never overflows, so large negative x gives a tiny (or subnormal,
// or zero) result instead of 1/inf, and x = +-1e4 stay finite.
internal static partial class VectorMath
{
    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, T>(TV x) where TV : struct, ILanes<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var one = TV.Create(1.0);
        var e = Exp<TV, T>(-TV.Abs(x));
        return TV.Select(TV.LessThan(x, TV.Create(0.0)), e, one) / (one + e);
    }

    /// <summary>silu(x) = x * sigmoid(x). Like PyTorch, silu(-inf) is NaN (-inf * 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Silu<TV, T>(TV x) where TV : struct, ILanes<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        x * Sigmoid<TV, T>(x);

    /// <summary>d silu: grad * s * (1 + x (1 - s)) with s = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SiluBackward<TV, T>(TV grad, TV x) where TV : struct, ILanes<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var one = TV.Create(1.0);
        var s = Sigmoid<TV, T>(x);
        return grad * (s * TV.MulAdd(x, one - s, one));
    }
}
