using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>Generators the elementwise suite adds to <see cref="Generators"/>.</summary>
public static class ElementwiseGenerators
{
    /// <summary>Shared values plus NaN, +-inf and -0, so layout code is checked on special values too.</summary>
    public static Gen<double> ValueWithSpecials() =>
        Gen.Frequency((8, Generators.Value()), (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0)));

    /// <summary>
    /// Two shapes that broadcast together: a result shape, then for each operand a suffix of it
    /// (leading dims dropped) with some dims set to 1.
    /// </summary>
    public static Gen<(int[] a, int[] b)> BroadcastPair(int maxRank = 4, int maxDim = 5) =>
        Generators.Shape(maxRank, maxDim).SelectMany(result =>
            Operand(result).SelectMany(a => Operand(result).Select(b => (a, b))));

    private static Gen<int[]> Operand(int[] result) =>
        Gen.Choose(0, result.Length).SelectMany(drop =>
            Gen.ArrayOf(Gen.Elements(true, false, false), result.Length - drop).Select(ones =>
                result.Skip(drop).Select((d, i) => ones[i] ? 1 : d).ToArray()));

    /// <summary>Two strided tensors of a broadcast-compatible shape pair.</summary>
    public static Gen<(TensorData a, TensorData b)> StridedPair(DType dtype) =>
        BroadcastPair().SelectMany(p =>
            Generators.StridedTensor(p.a, dtype, ValueWithSpecials()).SelectMany(a =>
                Generators.StridedTensor(p.b, dtype, ValueWithSpecials()).Select(b => (a, b))));

    /// <summary>
    /// A view that may be written in place (no stride-0 dims): a strided slice of a larger tensor,
    /// or, for two or more dims, a transposed view of fresh storage.
    /// </summary>
    public static Gen<TensorData> WritableView(int[] shape, DType dtype) =>
        Gen.ArrayOf(Gen.Choose(1, 3), shape.Length).SelectMany(steps =>
            Gen.Elements(true, false).SelectMany(transpose =>
            {
                var big = shape.Select((s, d) => s * steps[d] + 1).ToArray();
                return Generators.Tensor(big, dtype, ValueWithSpecials()).Select(t =>
                {
                    for (int d = 0; d < shape.Length; d++) t = t.Slice(d, 1, 1 + shape[d] * steps[d], steps[d]);
                    return transpose && shape.Length >= 2 ? Transposed(t) : t;
                });
            }));

    // Keeps the logical shape but stores dims 0 and 1 swapped: the result is a transposed view.
    private static TensorData Transposed(TensorData t)
    {
        var swapped = t.Transpose(0, 1).Clone();
        return swapped.Transpose(0, 1);
    }

    /// <summary>NaN-aware, sign-of-zero-aware equality of shape, dtype and every element.</summary>
    public static bool SameTensor(TensorData expected, TensorData actual)
    {
        if (expected.DType != actual.DType || !expected.Shape.SequenceEqual(actual.Shape)) return false;
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
            if (!KernelValues.Same(e[i], a[i])) return false;
        return true;
    }
}
