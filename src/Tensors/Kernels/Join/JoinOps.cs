namespace MiniTorch.Tensors;

// Joining and splitting along a dim: cat and stack copy into a fresh tensor; split and chunk
// return views.
public static class JoinOps
{
    extension(TensorData self)
    {
        /// <summary>torch.split: views of <paramref name="splitSize"/> elements along <paramref name="dim"/> (the last may be shorter).</summary>
        public TensorData[] Split(int splitSize, int dim = 0)
        {
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            if (self.Rank == 0) throw new ArgumentException("split expects at least a 1-dimensional tensor");
            if (splitSize < 0 || (splitSize == 0 && self.ShapeRef[d] != 0))
                throw new ArgumentException($"split: split_size can only be 0 if dimension size is 0, but got split size {splitSize} for dim {d} of shape {ShapeUtil.Format(self.ShapeRef)}");
            int size = self.ShapeRef[d];
            if (size == 0) return [self];
            var parts = new List<TensorData>();
            for (int start = 0; start < size; start += splitSize)
                parts.Add(self.Narrow(d, start, Math.Min(splitSize, size - start)));
            return parts.ToArray();
        }

        /// <summary>torch.split with explicit sizes, which must add up to the dim's size.</summary>
        public TensorData[] Split(int[] sizes, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(sizes);
            if (self.Rank == 0) throw new ArgumentException("split expects at least a 1-dimensional tensor");
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            if (sizes.Any(s => s < 0) || sizes.Sum() != self.ShapeRef[d])
                throw new ArgumentException($"split_with_sizes expects split_sizes to sum exactly to {self.ShapeRef[d]} (input tensor's size at dimension {d} of shape {ShapeUtil.Format(self.ShapeRef)}), but got split_sizes={ShapeUtil.Format(sizes)}");
            var parts = new TensorData[sizes.Length];
            for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++) parts[i] = self.Narrow(d, start, sizes[i]);
            return parts;
        }

        /// <summary>torch.chunk: at most <paramref name="chunks"/> views of ceil(size / chunks) elements each.</summary>
        public TensorData[] Chunk(int chunks, int dim = 0)
        {
            if (chunks <= 0) throw new ArgumentException($"chunk expects `chunks` to be greater than 0, got: {chunks}");
            if (self.Rank == 0) throw new ArgumentException("chunk expects at least a 1-dimensional tensor");
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            int size = self.ShapeRef[d];
            return self.Split(size == 0 ? 0 : (size + chunks - 1) / chunks, d);
        }
    }

    extension(TensorData)
    {
        /// <summary>
        /// torch.cat: joins along <paramref name="dim"/>; every other size must match. As in PyTorch, 1-d
        /// tensors of shape [0] are skipped (a legacy rule) and mixed dtypes promote
        /// (bool &lt; int64 &lt; float32 &lt; float64).
        /// </summary>
        public static TensorData Cat(IReadOnlyList<TensorData> tensors, int dim)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Count == 0) throw new ArgumentException("torch.cat(): expected a non-empty list of Tensors");
            var dtype = PromotedDType(tensors);
            int first = -1;
            for (int i = 0; i < tensors.Count && first < 0; i++)
                if (!IsLegacyEmpty(tensors[i])) first = i;
            if (first < 0) return TensorData.Zeros(dtype, 0);
            var reference = tensors[first];
            if (reference.Rank == 0)
                throw new ArgumentException($"torch.cat(): zero-dimensional tensor (at position {first}) cannot be concatenated");
            int d = ShapeUtil.NormalizeDim(dim, reference.Rank);
            long total = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (IsLegacyEmpty(t)) continue;
                if (t.Rank == 0)
                    throw new ArgumentException($"torch.cat(): zero-dimensional tensor (at position {i}) cannot be concatenated");
                if (t.Rank != reference.Rank)
                    throw new ArgumentException($"torch.cat(): Tensors must have same number of dimensions: got {reference.Rank} and {t.Rank} (tensor {first} has shape {ShapeUtil.Format(reference.ShapeRef)}, tensor {i} has shape {ShapeUtil.Format(t.ShapeRef)})");
                for (int k = 0; k < t.Rank; k++)
                    if (k != d && t.ShapeRef[k] != reference.ShapeRef[k])
                        throw new ArgumentException($"torch.cat(): Sizes of tensors must match except in dimension {d}. Expected size {reference.ShapeRef[k]} but got size {t.ShapeRef[k]} for tensor number {i} in the list (shapes {ShapeUtil.Format(reference.ShapeRef)} at position {first} and {ShapeUtil.Format(t.ShapeRef)} at position {i})");
                total += t.ShapeRef[d];
            }
            var shape = reference.ShapeArray();
            shape[d] = checked((int)total);
            var result = TensorData.Uninitialized(dtype, shape);
            int offset = 0;
            foreach (var t in tensors)
            {
                if (IsLegacyEmpty(t)) continue;
                int size = t.ShapeRef[d];
                if (size > 0) result.Narrow(d, offset, size).CopyFrom(t);
                offset += size;
            }
            return result;
        }

        /// <summary>torch.stack: joins equal-shaped tensors along a new dim <paramref name="dim"/> (0..rank).</summary>
        public static TensorData Stack(IReadOnlyList<TensorData> tensors, int dim)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Count == 0) throw new ArgumentException("stack expects a non-empty TensorList");
            var reference = tensors[0];
            for (int i = 1; i < tensors.Count; i++)
                if (!tensors[i].Shape.SequenceEqual(reference.Shape))
                    throw new ArgumentException($"stack expects each tensor to be equal size, but got {ShapeUtil.Format(reference.ShapeRef)} at entry 0 and {ShapeUtil.Format(tensors[i].ShapeRef)} at entry {i}");
            int d = ShapeUtil.NormalizeDim(dim, reference.Rank + 1);
            return TensorData.Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
        }
    }

    private static bool IsLegacyEmpty(TensorData t) => t.Rank == 1 && t.ShapeRef[0] == 0;

    private static DType PromotedDType(IReadOnlyList<TensorData> tensors)
    {
        static int Rank(DType t) => t switch { DType.Bool => 0, DType.Int64 => 1, DType.Float32 => 2, _ => 3 };
        var best = tensors[0].DType;
        foreach (var t in tensors) if (Rank(t.DType) > Rank(best)) best = t.DType;
        return best;
    }
}
