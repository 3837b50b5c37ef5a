using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Transcendentals;

/// <summary>
/// The public TensorData surface of the smooth activations, and their layer-1 derivative operators
/// (run by the gelu and silu nodes) against PyTorch's formulas.
/// </summary>
public class ActivationApiTests
{
    private static Arbitrary<TensorData> StridedTensors(DType dtype) =>
        Generators.Shape(3, 6).SelectMany(s => Generators.StridedTensor(s, dtype, Generators.Value(8))).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property ErfAndGelu_OnStridedFloatTensors_ApplyTheScalarKernelElementwise() =>
        Prop.ForAll(StridedTensors(DType.Float32), x =>
        {
            var input = x.ToArray<float>();
            AssertElementwise(input, x.Erf().ToArray<float>(), "erf");
            AssertElementwise(input, x.Gelu().ToArray<float>(), "gelu");
            AssertElementwise(input, x.Gelu("tanh").ToArray<float>(), "gelu_tanh");
            Assert.Equal(x.Shape.ToArray(), x.Gelu().Shape.ToArray());
        });

    [Property(MaxTest = 60)]
    public Property ErfAndGelu_OnStridedDoubleTensors_ApplyTheScalarKernelElementwise() =>
        Prop.ForAll(StridedTensors(DType.Float64), x =>
        {
            var input = x.ToArray<double>();
            var gelu = OpTable.KernelOf("gelu");
            var result = x.Gelu().ToArray<double>();
            for (int i = 0; i < input.Length; i++) Assert.True(MathReference.SameValue(gelu.Invoke(input[i]), result[i]));
            var erf = x.Erf().ToArray<double>();
            for (int i = 0; i < input.Length; i++) Assert.True(MathReference.SameValue(OpTable.KernelOf("erf").Invoke(input[i]), erf[i]));
        });

    [Fact]
    public void Gelu_WithAnUnknownApproximation_ThrowsNamingTheValue()
    {
        var x = TensorData.FromArray(new float[] { 1, 2 }, 2);
        var forward = Assert.Throws<ArgumentException>(() => x.Gelu("sigmoid"));
        Assert.Contains("\"sigmoid\"", forward.Message);
        Assert.Equal("approximate", forward.ParamName);
        var capitalized = Assert.Throws<ArgumentException>(() => x.Gelu("Tanh"));
        Assert.Contains("\"Tanh\"", capitalized.Message);
    }

    [Fact]
    public void Activations_OnIntegerTensors_ThrowNotSupported()
    {
        var x = TensorData.FromArray(new long[] { 1, 2 }, 2);
        Assert.Throws<NotSupportedException>(() => x.Erf());
        Assert.Throws<NotSupportedException>(() => x.Gelu());
        Assert.Throws<NotSupportedException>(() => x.Silu());
    }

    public static TheoryData<string> BackwardKernels() => [.. OpTable.All.Where(op => op.BackwardFormula != null).Select(op => op.Name)];

    [Theory]
    [MemberData(nameof(BackwardKernels))]
    public void BackwardHelper_MatchesItsDoubleFormula_InBothPrecisions(string name)
    {
        var (kernel, formula) = (OpTable.KernelOf(name), OpTable.Get(name).BackwardFormula!);
        var random = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            double x = (random.NextDouble() - 0.5) * 24, grad = random.NextDouble() * 4 - 2;
            double expected = formula(grad, x);
            double scale = System.Math.Abs(grad) * (1 + System.Math.Abs(x));
            Assert.True(System.Math.Abs(kernel.Invoke(grad, x) - expected) <= 1e-14 * scale, $"{name} double at x = {x:R}, grad = {grad:R}: {kernel.Invoke(grad, x):R} vs {expected:R}");
            float xf = (float)x, gf = (float)grad;
            double expectedF = formula(gf, xf);
            Assert.True(System.Math.Abs(kernel.Invoke(gf, xf) - expectedF) <= 1e-6 * scale, $"{name} float at x = {xf:R}, grad = {gf:R}: {kernel.Invoke(gf, xf):R} vs {expectedF:R}");
        }
    }

    private static void AssertElementwise(float[] input, float[] result, string name)
    {
        var kernel = OpTable.KernelOf(name);
        Assert.Equal(input.Length, result.Length);
        for (int i = 0; i < input.Length; i++)
            Assert.True(MathReference.SameValue(kernel.Invoke(input[i]), result[i]), $"{name}({input[i]:R}) = {result[i]:R}, scalar kernel {kernel.Invoke(input[i]):R}");
    }
}
