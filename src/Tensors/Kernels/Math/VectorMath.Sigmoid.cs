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
    public static TV Sigmoid<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var one = TV.Constant(1.0);
        var e = Exp<TV, T>(-TV.Abs(x));
        return TV.Select(TV.LessThan(x, TV.Constant(0.0)), e, one) / (one + e);
    }

    /// <summary>silu(x) = x * sigmoid(x). Like PyTorch, silu(-inf) is NaN (-inf * 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Silu<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var result = x * Sigmoid<TV, T>(x);
        // Far left, e^x is subnormal and has lost bits before x multiplies it back into range.
        // (-inf stays on the main path: -inf * 0 = NaN, as in PyTorch.)
        var tail = TV.LessThan(x, TV.Constant(IsFloat<T>() ? -80.0 : -700.0)) & TV.GreaterThan(x, TV.Constant(double.NegativeInfinity));
        return TV.Any(tail) ? SiluTail<TV, T>(x, tail, result) : result;
    }

    /// <summary>silu for x far left: x e^x / (1 + e^x) with e^x carried as e^x * 2^64, unscaled once at the end.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV SiluTail<TV, T>(TV x, TV tail, TV result) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var scaled = ExpTimesPow2<TV, T>(x, 64);
        var unscale = TV.Constant(5.421010862427522e-20); // 2^-64
        var tailResult = x * scaled / (TV.Constant(1.0) + scaled * unscale) * unscale;
        return TV.Select(tail, tailResult, result);
    }

    /// <summary>d silu: grad * s * (1 + x (1 - s)) with s = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SiluBackward<TV, T>(TV grad, TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var one = TV.Constant(1.0);
        var s = Sigmoid<TV, T>(x);
        return grad * (s * TV.MultiplyAdd(x, one - s, one));
    }
}
