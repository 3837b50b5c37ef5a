using MiniTorch.Tensors.Kernels;
using System.Runtime.Intrinsics;

namespace MiniTorch.Tests.Tensors;

public class VectorPathTests(ITestOutputHelper output)
{
    [Fact]
    public void ActiveVectorPath_IsReportedAndConsistentWithTheRuntime()
    {
        output.WriteLine($"Active vector path: {VectorPath.Describe()}");
        Console.WriteLine($"MiniTorch active vector path: {VectorPath.Describe()}");
        int expected = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
        Assert.Equal(expected, VectorPath.ActiveWidthBits);
        var requested = Environment.GetEnvironmentVariable("MINITORCH_EXPECT_VECTOR_BITS");
        if (requested != null) Assert.Equal(int.Parse(requested), VectorPath.ActiveWidthBits);
    }
}
