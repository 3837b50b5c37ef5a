using System.Numerics;
using MiniTorch.Tensors.Kernels.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors;

// Matrix products. Operands are read through their strides (a transposed view is packed, never
// copied); results are fresh contiguous tensors.
public static class MatmulOps
{
    extension(TensorData self)
    {
        /// <summary>
        /// torch.matmul: 1-d x 1-d is a dot product (0-d result); 2-d x 2-d a matrix product; a 1-d
        /// left operand is treated as a row (the added dim is removed afterwards), a 1-d right operand
        /// as a column; higher ranks are batches of matrices whose batch dims broadcast by PyTorch's
        /// rules. float32 and float64, both operands of one dtype.
        /// </summary>
        public TensorData Matmul(TensorData other)
        {
            ArgumentNullException.ThrowIfNull(other);
            int threads = Threading.ThreadCount;
            if (self.Rank == 0 || other.Rank == 0)
                throw new ArgumentException($"both arguments to matmul need to be at least 1D, but they are {self.Rank}D and {other.Rank}D (shapes {ShapeUtil.Format(self.ShapeRef)} and {ShapeUtil.Format(other.ShapeRef)})");
            CheckMatmulDTypes(self, other, "matmul");

            if (self.Rank == 1 && other.Rank == 1)
            {
                if (self.ShapeRef[0] != other.ShapeRef[0])
                    throw new ArgumentException($"inconsistent tensor size, expected tensor {ShapeUtil.Format(self.ShapeRef)} and src {ShapeUtil.Format(other.ShapeRef)} to have the same number of elements, but got {self.ShapeRef[0]} and {other.ShapeRef[0]} elements respectively");
                var dot = TensorData.Zeros(self.DType, 1, 1);
                GemmOn(self.Unsqueeze(0), other.Unsqueeze(1), dot, false, threads);
                return dot.View();
            }

            // Promote 1-d operands to matrices, remember which dims to drop from the result.
            var a = self.Rank == 1 ? self.Unsqueeze(0) : self;
            var b = other.Rank == 1 ? other.Unsqueeze(1) : other;
            int m = a.ShapeRef[^2], k = a.ShapeRef[^1], n = b.ShapeRef[^1];
            if (b.ShapeRef[^2] != k)
            {
                if (other.Rank == 1)
                    throw new ArgumentException($"size mismatch, got input ({m}), mat ({m}x{k}), vec ({b.ShapeRef[^2]}): matmul of {ShapeUtil.Format(self.ShapeRef)} and {ShapeUtil.Format(other.ShapeRef)}");
                throw new ArgumentException($"mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {b.ShapeRef[^2]}x{n}): matmul of {ShapeUtil.Format(self.ShapeRef)} and {ShapeUtil.Format(other.ShapeRef)}");
            }
            int[] batch;
            try { batch = ShapeUtil.Broadcast(a.ShapeRef.AsSpan(0, a.Rank - 2), b.ShapeRef.AsSpan(0, b.Rank - 2)); }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"matmul: the batch dimensions of {ShapeUtil.Format(self.ShapeRef)} and {ShapeUtil.Format(other.ShapeRef)} cannot be broadcast together", e);
            }

            var resultShape = new List<int>(batch) { m, n };
            var result = TensorData.Uninitialized(self.DType, resultShape.ToArray()); // the product writes every element
            if (result.Numel > 0)
            {
                if (batch.Length == 0) GemmOn(a, b, result, false, threads);
                else MatmulBatched(a, b, result, batch, threads);
            }
            if (other.Rank == 1) resultShape.RemoveAt(resultShape.Count - 1);
            if (self.Rank == 1) resultShape.RemoveAt(resultShape.Count - 2);
            return result.View(resultShape.ToArray());
        }
    }

    extension(TensorData)
    {
        /// <summary>
        /// The low-level product for autograd and layers: <c>c = a @ b</c>, or <c>c += a @ b</c> with
        /// <paramref name="accumulate"/>, on 2-d views of any strides (a transposed view costs nothing).
        /// <paramref name="c"/> must be [m, n] for a [m, k] and b [k, n], all of one float dtype.
        /// </summary>
        public static void Gemm(TensorData a, TensorData b, TensorData c, bool accumulate = false) =>
            GemmOn(a, b, c, accumulate, Threading.ThreadCount);
    }

    /// <summary><see cref="Gemm"/> on at most <paramref name="threads"/> threads.</summary>
    private static void GemmOn(TensorData a, TensorData b, TensorData c, bool accumulate, int threads)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"gemm needs 2-d operands, got a {ShapeUtil.Format(a.ShapeRef)}, b {ShapeUtil.Format(b.ShapeRef)} and c {ShapeUtil.Format(c.ShapeRef)}");
        if (a.ShapeRef[1] != b.ShapeRef[0])
            throw new ArgumentException($"mat1 and mat2 shapes cannot be multiplied ({a.ShapeRef[0]}x{a.ShapeRef[1]} and {b.ShapeRef[0]}x{b.ShapeRef[1]}): gemm of {ShapeUtil.Format(a.ShapeRef)} and {ShapeUtil.Format(b.ShapeRef)}");
        if (c.ShapeRef[0] != a.ShapeRef[0] || c.ShapeRef[1] != b.ShapeRef[1])
            throw new ArgumentException($"gemm: the output {ShapeUtil.Format(c.ShapeRef)} does not match the product of {ShapeUtil.Format(a.ShapeRef)} and {ShapeUtil.Format(b.ShapeRef)} (expected [{a.ShapeRef[0]}, {b.ShapeRef[1]}])");
        CheckMatmulDTypes(a, b, "gemm");
        if (c.DType != a.DType)
            throw new ArgumentException($"gemm: the output dtype {c.DType.Name()} differs from the operands' {a.DType.Name()}");
        if (c.Numel == 0) return;
        if (ReferenceEquals(c.Storage, a.Storage) || ReferenceEquals(c.Storage, b.Storage))
        {
            // The kernel writes C while still reading A and B: work on a private copy.
            var scratch = accumulate ? c.Clone() : TensorData.Zeros(c.DType, c.ShapeRef);
            GemmOn(a, b, scratch, accumulate, threads);
            c.CopyFrom(scratch);
            return;
        }
        if (a.DType == DType.Float32) GemmTyped<float>(a, b, c, accumulate, threads);
        else GemmTyped<double>(a, b, c, accumulate, threads);
        c.Storage.BumpVersion();
    }

    private static unsafe void GemmTyped<T>(TensorData a, TensorData b, TensorData c, bool accumulate, int threads)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pa = &a.FirstElement<T>())
        fixed (T* pb = &b.FirstElement<T>())
        fixed (T* pc = &c.FirstElement<T>())
        {
            GemmDispatch.Multiply(MatrixOf(a, pa), MatrixOf(b, pb), MatrixOf(c, pc), accumulate, threads);
        }
    }

    /// <summary>The last two dims of <paramref name="t"/> as a matrix starting at <paramref name="first"/>, its pinned first element.</summary>
    private static unsafe MatrixRef<T> MatrixOf<T>(TensorData t, T* first) where T : unmanaged =>
        new(first, t.ShapeRef[^2], t.ShapeRef[^1], t.StridesRef[^2], t.StridesRef[^1]);

    /// <summary>Batched product into a contiguous result whose leading dims are <paramref name="batch"/>.</summary>
    private static void MatmulBatched(TensorData a, TensorData b, TensorData result, int[] batch, int threads)
    {
        int m = a.ShapeRef[^2], k = a.ShapeRef[^1], n = b.ShapeRef[^1];
        var aFull = a.Expand([.. batch, m, k]);
        var bFull = b.Expand([.. batch, k, n]);

        // One shared B under a batch of A whose rows stack evenly: a single [batch*m, k] product.
        if (bFull.StridesRef.AsSpan(0, batch.Length).IndexOfAnyExcept(0) < 0 && RowsStack(aFull, batch.Length))
        {
            int rows = ShapeUtil.Numel(batch) * m;
            var stackedA = new TensorData(aFull.Storage, [rows, k], [aFull.StridesRef[^2], aFull.StridesRef[^1]], aFull.Offset);
            var sharedB = new TensorData(bFull.Storage, [k, n], [bFull.StridesRef[^2], bFull.StridesRef[^1]], bFull.Offset);
            GemmOn(stackedA, sharedB, result.View(rows, n), false, threads);
            return;
        }

        var aOffsets = BatchOffsets(aFull, batch);
        var bOffsets = BatchOffsets(bFull, batch);
        var cOffsets = BatchOffsets(result, batch);
        if (a.DType == DType.Float32) BatchTyped<float>(aFull, bFull, result, aOffsets, bOffsets, cOffsets, threads);
        else BatchTyped<double>(aFull, bFull, result, aOffsets, bOffsets, cOffsets, threads);
    }

    private static unsafe void BatchTyped<T>(TensorData a, TensorData b, TensorData c, int[] aOffsets, int[] bOffsets, int[] cOffsets, int threads)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pa = &a.FirstElement<T>())
        fixed (T* pb = &b.FirstElement<T>())
        fixed (T* pc = &c.FirstElement<T>())
        {
            GemmDispatch.MultiplyBatch(MatrixOf(a, pa), MatrixOf(b, pb), MatrixOf(c, pc), aOffsets, bOffsets, cOffsets, threads);
        }
    }

    /// <summary>True when the batch dims and the row dim of <paramref name="t"/> form one evenly strided run of rows.</summary>
    private static bool RowsStack(TensorData t, int batchRank)
    {
        long expected = t.StridesRef[batchRank];
        for (int d = batchRank - 1; d >= 0; d--)
        {
            expected *= t.ShapeRef[d + 1];
            if (t.ShapeRef[d] != 1 && t.StridesRef[d] != expected) return false;
        }
        return true;
    }

    /// <summary>Element offset (from the storage start) of each matrix in the batch, in row-major batch order.</summary>
    private static int[] BatchOffsets(TensorData t, int[] batch)
    {
        int count = ShapeUtil.Numel(batch);
        var offsets = new int[count];
        var index = new int[batch.Length];
        for (int i = 0; i < count; i++)
        {
            int off = t.Offset;
            for (int d = 0; d < batch.Length; d++) off += index[d] * t.StridesRef[d];
            offsets[i] = off - t.Offset;
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                if (++index[d] < batch[d]) break;
                index[d] = 0;
            }
        }
        return offsets;
    }

    private static void CheckMatmulDTypes(TensorData a, TensorData b, string op)
    {
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: expected both operands to have the same dtype, but got {a.DType.Name()} != {b.DType.Name()} (shapes {ShapeUtil.Format(a.ShapeRef)} and {ShapeUtil.Format(b.ShapeRef)})");
        if (!a.IsFloatingPoint)
            throw new ArgumentException($"{op} supports float32 and float64, got {a.DType.Name()} (shapes {ShapeUtil.Format(a.ShapeRef)} and {ShapeUtil.Format(b.ShapeRef)})");
    }
}
