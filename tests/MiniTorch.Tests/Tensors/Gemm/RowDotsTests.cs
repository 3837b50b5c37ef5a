using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels.Gemm;

namespace MiniTorch.Tests.Tensors.Gemm;

/// <summary>The row dot-product kernel (small C = A·Bᵀ with long rows) against the double reference.</summary>
public class RowDotsTests
{
    [Fact]
    public unsafe void RowDots_MatchesReference_ForEveryBlockRemainderAndTailLength()
    {
        var rng = new Random(17);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            for (int m = 1; m <= 7; m++)
                for (int n = 1; n <= 9; n++)
                    foreach (int length in new[] { 0, 1, 3, 15, 16, 17, 40, 100 })
                        foreach (bool accumulate in new[] { false, true })
                        {
                            // Rows padded to a wider stride, so the kernel must honour the row strides.
                            var a = MatmulTests.RandomTensor(rng, dtype, m, length + 3).Slice(1, 1, length + 1);
                            var b = MatmulTests.RandomTensor(rng, dtype, n, length + 2).Slice(1, 0, length);
                            var c = MatmulTests.RandomTensor(rng, dtype, m, n);
                            var before = c.ToDoubleArray();
                            if (dtype == DType.Float32) Run<float>(a, b, c, accumulate);
                            else Run<double>(a, b, c, accumulate);
                            var (product, magnitude) = GemmReference.Matmul(a.ToDoubleArray(), b.Transpose(0, 1).Contiguous().ToDoubleArray(), m, length, n);
                            var expected = accumulate ? product.Select((v, i) => v + before[i]).ToArray() : product;
                            var bound = accumulate ? magnitude.Select((v, i) => v + Math.Abs(before[i])).ToArray() : magnitude;
                            GemmReference.AssertClose(c.ToDoubleArray(), expected, bound, length + 1, dtype, $"{dtype} {m}x{n}, length {length}, accumulate {accumulate}");
                        }
    }

    private static unsafe void Run<T>(TensorData a, TensorData b, TensorData c, bool accumulate) where T : unmanaged, System.Numerics.INumber<T>
    {
        fixed (T* pa = a.StorageSpan<T>(), pb = b.StorageSpan<T>(), pc = c.StorageSpan<T>())
        {
            RowDots.Multiply(Matrix(a, pa), Matrix(b, pb), Matrix(c, pc), accumulate);
        }
    }

    private static unsafe MatrixRef<T> Matrix<T>(TensorData t, T* storage) where T : unmanaged =>
        new(storage + t.Offset, t.Shape[0], t.Shape[1], t.Strides[0], t.Strides[1]);
}
