using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;
using static MiniTorch.Tests.Tensors.Reductions.ReductionGenerators;
using static MiniTorch.Tests.Tensors.Reductions.ReductionReference;

namespace MiniTorch.Tests.Tensors.Reductions;

public class SoftmaxTests
{
    [Property(MaxTest = 200)]
    public Property SoftmaxAndLogSoftmax_MatchReference_AlongAnyDimOfAnyLayout() =>
        Prop.ForAll(DimCases(FloatDType(), specials: true), c =>
        {
            var soft = c.X.Softmax(c.Dim);
            var logSoft = c.X.LogSoftmax(c.Dim);
            Assert.Equal(c.X.ShapeArray(), soft.ShapeArray());
            Assert.Equal(c.X.ShapeArray(), logSoft.ShapeArray());
            var (wantSoft, wantLog) = Reference(c.X, c.Dim);
            double eps = Eps(c.X.DType);
            int size = c.X.Rank == 0 ? 1 : c.X.Shape[c.Dim < 0 ? c.Dim + c.X.Rank : c.Dim];
            AssertClose(wantSoft, soft, i => 8 * (size + 1) * eps * Math.Abs(wantSoft[i]), $"softmax of {c}");
            AssertClose(wantLog, logSoft, i => 8 * (size + 1) * eps * (1 + Math.Abs(wantLog[i])), $"log_softmax of {c}");
        });

    /// <summary>Row-major softmax and log_softmax by a direct loop in double (max-shifted, as PyTorch).</summary>
    private static (double[] Soft, double[] Log) Reference(TensorData x, int dim)
    {
        var shape = x.ShapeArray();
        var v = x.ToDoubleArray();
        int rank = shape.Length, d = rank == 0 ? 0 : (dim < 0 ? dim + rank : dim);
        int size = rank == 0 ? 1 : shape[d];
        int inner = 1;
        for (int i = d + 1; i < rank; i++) inner *= shape[i];
        var soft = new double[v.Length];
        var log = new double[v.Length];
        for (int start = 0; start < v.Length; start++)
        {
            if ((start / inner) % size != 0) continue; // visit each row once, from its first element
            var idx = Enumerable.Range(0, size).Select(k => start + k * inner).ToArray();
            double m = idx.Select(i => v[i]).Aggregate(double.NegativeInfinity, (a, b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b));
            double s = idx.Sum(i => Math.Exp(v[i] - m));
            foreach (int i in idx)
            {
                soft[i] = Math.Exp(v[i] - m) / s;
                log[i] = v[i] - m - Math.Log(s);
            }
        }
        return (soft, log);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Softmax_OfLogitsOfMagnitude1e4_IsFiniteAndSumsToOne(DType dtype)
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 6 * 37).Select(_ => (rng.NextDouble() * 2 - 1) * 1e4).ToArray();
        var x = TensorData.FromArray(values, 6, 37).To(dtype);
        foreach (int dim in new[] { 0, 1 })
        {
            var soft = x.Softmax(dim);
            Assert.All(soft.ToDoubleArray(), p => Assert.True(double.IsFinite(p) && p >= 0 && p <= 1, $"probability {p}"));
            Assert.All(soft.Sum([dim]).ToDoubleArray(), s => Assert.Equal(1.0, s, 1e-5));
            var logSoft = x.LogSoftmax(dim).ToDoubleArray();
            Assert.All(logSoft, l => Assert.True(double.IsFinite(l) && l <= 0, $"log probability {l}"));
        }
    }

    [Fact]
    public void Softmax_OfZeroDimTensor_IsOne_AndLogSoftmaxIsZero()
    {
        var x = TensorData.Scalar(3.5);
        Assert.Equal(1.0, x.Softmax(0).Item());
        Assert.Equal(0.0, x.LogSoftmax(-1).Item());
        Assert.Empty(x.Softmax(0).ShapeArray());
    }
}
