using MiniTorch.Tensors;

namespace MiniTorch.Tests.Tensors.Indexing;

/// <summary>Helpers of the indexing tests' reference loops: row-major multi-indices over double arrays.</summary>
public static class IndexingReference
{
    public static int Flat(int[] index, int[] shape)
    {
        int o = 0;
        for (int d = 0; d < shape.Length; d++) o = o * shape[d] + index[d];
        return o;
    }

    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order.</summary>
    public static IEnumerable<int[]> AllIndices(int[] shape)
    {
        if (shape.Any(s => s == 0)) yield break;
        var index = new int[shape.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            int d = shape.Length - 1;
            for (; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
            if (d < 0) yield break;
        }
    }

    public static void AssertValues(double[] want, TensorData got, double tolerance, string what)
    {
        var values = got.ToDoubleArray();
        Assert.Equal(want.Length, values.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(values[i] - want[i]) <= tolerance * (1 + Math.Abs(want[i])), $"{what}: element {i} is {values[i]}, reference {want[i]}");
    }

    public static double Tolerance(DType dtype) => dtype == DType.Float32 ? 1e-5 : dtype == DType.Float64 ? 1e-12 : 0;
}
