namespace MiniTorch.Tests.Autograd;

/// <summary>The <c>torch.*</c> factories that let user code stay on <see cref="Tensor"/>.</summary>
public class TorchFactoryTests
{
    [Fact]
    public void FromArray_SharesTheArray_LikeFromNumpy()
    {
        var values = new float[] { 1, 2, 3, 4, 5, 6 };
        var t = Torch.FromArray(values, 2, 3);
        Assert.Equal([2, 3], t.Shape.ToArray());
        values[4] = 50;
        Assert.Equal(50, t.Select(0, 1).Select(0, 1).Item());
        Assert.False(t.RequiresGrad);
    }

    [Fact]
    public void Tensor_CopiesTheArray_UnlikeFromArray()
    {
        var values = new double[] { 1, 2 };
        var t = Torch.Tensor(values, 2);
        values[0] = 9;
        Assert.Equal([1.0, 2.0], t.ToDoubleArray());
    }

    [Fact]
    public void RandPerm_IsAPermutation_ReproducibleFromASeed()
    {
        var a = Torch.RandPerm(50, new Generator(7));
        var b = Torch.RandPerm(50, new Generator(7));
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.Equal(a, b);
        Assert.Empty(Torch.RandPerm(0, new Generator(7)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Torch.RandPerm(-1, new Generator(7)));
    }

    [Fact]
    public void Empty_HasTheShapeAndDType_AndBernoulliHasOnlyZerosAndOnes()
    {
        var e = Torch.Empty(DType.Float64, 3, 2);
        Assert.Equal([3, 2], e.Shape.ToArray());
        Assert.Equal(DType.Float64, e.DType);
        Assert.All(Torch.Bernoulli([100], 0.5, generator: new Generator(1)).ToDoubleArray(), v => Assert.True(v is 0 or 1));
        Assert.All(Torch.Uniform([100], -2, 3, generator: new Generator(1)).ToDoubleArray(), v => Assert.InRange(v, -2, 3));
    }

    [Fact]
    public void NumThreads_IsTheKernelsSetting_AndCpuCapabilityNamesTheWidth()
    {
        // Other tests run in parallel, so the setting is only written with the value it has.
        int current = Torch.NumThreads;
        Assert.InRange(current, 1, int.MaxValue);
        Torch.NumThreads = current;
        Assert.Equal(current, Torch.NumThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => Torch.NumThreads = 0);
        Assert.Matches(@"^(scalar|Vector(128|256|512)) on ", Torch.CpuCapability);
    }
}
