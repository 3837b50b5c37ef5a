using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Reductions;

/// <summary>
/// Double-precision reference loops for the reduction tests: which elements each output reduces
/// (a plain walk over every input index), the reductions over them, and the tolerances' unit.
/// </summary>
public static class ReductionReference
{
    /// <summary>Which dims a dim list names (null or empty: all), as the API reads it.</summary>
    public static bool[] Mask(int rank, int[]? dims)
    {
        var mask = new bool[rank];
        if (dims == null || dims.Length == 0) { Array.Fill(mask, true); return mask; }
        foreach (int d in dims) if (rank > 0) mask[d < 0 ? d + rank : d] = true;
        return mask;
    }

    public static int[] OutputShape(int[] shape, bool[] mask, bool keepDim) =>
        shape.Select((s, d) => mask[d] ? (keepDim ? 1 : -1) : s).Where(s => s >= 0).ToArray();

    /// <summary>
    /// For every output element (row-major over the kept dims) the input values it reduces, in
    /// row-major order of the reduced dims. Built by a plain walk over every input index.
    /// </summary>
    public static double[][] Groups(TensorData x, bool[] mask)
    {
        var shape = x.ShapeArray();
        var values = x.ToDoubleArray();
        var keptSizes = shape.Where((_, d) => !mask[d]).ToArray();
        int outCount = keptSizes.Aggregate(1, (a, b) => a * b);
        var groups = Enumerable.Range(0, outCount).Select(_ => new List<double>()).ToArray();
        var index = new int[shape.Length];
        for (int flat = 0; flat < values.Length; flat++)
        {
            int o = 0;
            for (int d = 0; d < shape.Length; d++) if (!mask[d]) o = o * shape[d] + index[d];
            groups[o].Add(values[flat]);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return groups.Select(g => g.ToArray()).ToArray();
    }

    /// <summary>The input's rows along one dim: for every output element, the values along <paramref name="dim"/> in order.</summary>
    public static double[][] Rows(TensorData x, int dim)
    {
        var mask = new bool[x.Rank];
        if (x.Rank > 0) mask[dim < 0 ? dim + x.Rank : dim] = true;
        return Groups(x, mask);
    }

    public static double Eps(DType dtype) => dtype == DType.Float32 ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>Equal as numbers within <paramref name="tolerance"/>, or both NaN, or the same infinity.</summary>
    public static bool Close(double got, double want, double tolerance)
    {
        if (double.IsNaN(want) || double.IsNaN(got)) return double.IsNaN(want) && double.IsNaN(got);
        if (double.IsInfinity(want) || double.IsInfinity(got)) return got == want;
        return Math.Abs(got - want) <= tolerance;
    }

    public static void AssertClose(double[] want, TensorData got, Func<int, double> tolerance, string what)
    {
        var values = got.ToDoubleArray();
        Assert.Equal(want.Length, values.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Close(values[i], want[i], tolerance(i)), $"{what}: element {i} is {values[i]:R}, reference {want[i]:R} (tolerance {tolerance(i):R})");
    }

    /// <summary>PyTorch's rule for max/min with indices: the first extreme wins, NaN beats every number.</summary>
    public static (double Value, long Index) Extreme(double[] row, bool largest)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            double c = row[i], b = row[best];
            bool better = largest ? c > b : c < b;
            if (better || (double.IsNaN(c) && !double.IsNaN(b))) best = i;
        }
        return (row[best], best);
    }

    public static double SumOf(double[] g) { double s = 0; foreach (var v in g) s += v; return s; }

    public static double AbsSumOf(double[] g) { double s = 0; foreach (var v in g) s += Math.Abs(v); return s; }

    public static double MaxOf(double[] g) => g.Aggregate(double.NegativeInfinity, (a, b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b));

    public static double MinOf(double[] g) => g.Aggregate(double.PositiveInfinity, (a, b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b));

    public static double VarOf(double[] g, int correction)
    {
        double mean = SumOf(g) / g.Length, ss = 0;
        foreach (var v in g) ss += (v - mean) * (v - mean);
        return ss / Math.Max(0, g.Length - correction);
    }

    public static double LogSumExpOf(double[] g)
    {
        if (g.Length == 0) return double.NegativeInfinity;
        double m = MaxOf(g);
        double shift = double.IsInfinity(m) ? 0 : m;
        double s = 0;
        foreach (var v in g) s += Math.Exp(v - shift);
        return Math.Log(s) + shift;
    }
}
