using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.Support;

/// <summary>
/// FsCheck generators for shapes, values and deliberately non-contiguous layouts. A strided
/// case carries the tensor together with a contiguous copy of the same values, so a property can
/// compare any kernel's result on the two.
/// </summary>
public static class Generators
{
    /// <summary>Shapes of rank 0..maxRank with dims 0..maxDim (zero-size dims included).</summary>
    public static Gen<int[]> Shape(int maxRank = 4, int maxDim = 6) =>
        Gen.Choose(0, maxRank).SelectMany(rank => Gen.ArrayOf(Gen.Choose(0, maxDim), rank));

    /// <summary>Shapes with every dim at least 1.</summary>
    public static Gen<int[]> NonEmptyShape(int maxRank = 4, int maxDim = 6) =>
        Gen.Choose(0, maxRank).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, maxDim), rank));

    /// <summary>Finite values in a moderate range, with exact zeros and small integers mixed in.</summary>
    public static Gen<double> Value(double range = 4) =>
        Gen.Frequency(
            (8, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1_000_000.0 * range)),
            (1, Gen.Elements(0.0, -0.0, 1.0, -1.0, 0.5, -2.0)));

    /// <summary>A contiguous tensor of <paramref name="shape"/> with values from <paramref name="value"/>.</summary>
    public static Gen<TensorData> Tensor(int[] shape, DType dtype, Gen<double>? value = null) =>
        Gen.ArrayOf(value ?? Value(), ShapeUtil.Numel(shape)).Select(v => FromDoubles(v, shape, dtype));

    public static TensorData FromDoubles(double[] values, int[] shape, DType dtype)
    {
        var t = TensorData.FromArray(values, shape);
        return t.To(dtype);
    }

    /// <summary>
    /// A tensor of the requested logical <paramref name="shape"/> laid out badly on purpose: a
    /// permuted, sliced (step 1..2, offset) or expanded view over a larger storage. Returns the view.
    /// </summary>
    public static Gen<TensorData> StridedTensor(int[] shape, DType dtype, Gen<double>? value = null)
    {
        int rank = shape.Length;
        var layout = Gen.Choose(0, 3);
        return layout.SelectMany(kind => kind switch
        {
            0 => Tensor(shape, dtype, value),
            1 when rank >= 2 => Permuted(shape, dtype, value),
            2 => Sliced(shape, dtype, value),
            _ => Expanded(shape, dtype, value),
        });
    }

    private static Gen<TensorData> Permuted(int[] shape, DType dtype, Gen<double>? value)
    {
        // Build storage in a shuffled dim order, then permute back to the logical shape.
        int rank = shape.Length;
        return Gen.Shuffle(Enumerable.Range(0, rank).ToArray()).SelectMany(order =>
        {
            var storedShape = order.Select(d => shape[d]).ToArray();
            var inverse = new int[rank];
            for (int i = 0; i < rank; i++) inverse[order[i]] = i;
            return Tensor(storedShape, dtype, value).Select(t => t.Permute(inverse));
        });
    }

    private static Gen<TensorData> Sliced(int[] shape, DType dtype, Gen<double>? value)
    {
        // Each dim is stored with step 1 or 2 and a leading offset of 0 or 1.
        int rank = shape.Length;
        return Gen.ArrayOf(Gen.Choose(1, 2), rank).SelectMany(steps =>
            Gen.ArrayOf(Gen.Choose(0, 1), rank).SelectMany(offsets =>
            {
                var big = shape.Select((s, d) => s * steps[d] + offsets[d]).ToArray();
                return Tensor(big, dtype, value).Select(t =>
                {
                    for (int d = 0; d < rank; d++) t = t.Slice(d, offsets[d], offsets[d] + shape[d] * steps[d], steps[d]);
                    return t;
                });
            }));
    }

    private static Gen<TensorData> Expanded(int[] shape, DType dtype, Gen<double>? value)
    {
        // Dims chosen at random are stored with size 1 and expanded (stride 0).
        int rank = shape.Length;
        return Gen.ArrayOf(Gen.Elements(true, false), rank).SelectMany(collapse =>
        {
            var stored = shape.Select((s, d) => collapse[d] ? 1 : s).ToArray();
            return Tensor(stored, dtype, value).Select(t => t.Expand(shape));
        });
    }
}
