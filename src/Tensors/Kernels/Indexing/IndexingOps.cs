using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Indexing by int64 index tensors. Negative index values are errors here (PyTorch raises for
// gather/scatter/index_select too); every message names the bad value, the dim and its size.
public static class IndexingOps
{
    extension(TensorData self)
    {
        /// <summary>torch.gather: out[i][j] = this[index[i][j]][j] (dim 0); the result has the index's shape.</summary>
        public TensorData Gather(int dim, TensorData index)
        {
            int d = self.CheckScatterGatherIndex(dim, index, null, "gather");
            self.CheckIndexValues(index, d, "gather");
            var result = TensorData.Uninitialized(self.DType, index.Shape);
            switch (self.DType)
            {
                case DType.Float32: IndexKernels.Gather<float>(self, d, index, result); break;
                case DType.Float64: IndexKernels.Gather<double>(self, d, index, result); break;
                case DType.Int64: IndexKernels.Gather<long>(self, d, index, result); break;
                case DType.Bool: IndexKernels.Gather<bool>(self, d, index, result); break;
            }
            return result;
        }

        /// <summary>torch.index_select: the slices at <paramref name="index"/> (0-d or 1-d int64) along <paramref name="dim"/>.</summary>
        public TensorData IndexSelect(int dim, TensorData index)
        {
            int d = self.CheckVectorIndex(dim, index, "index_select");
            self.CheckIndexValues(index, d, "index_select");
            var (outer, size, inner) = self.SplitAt(d);
            var shape = self.ShapeArray();
            if (self.Rank == 0) shape = index.ShapeArray();
            else shape[d] = index.Numel;
            var result = TensorData.Uninitialized(self.DType, shape);
            var source = self.Contiguous();
            var positions = index.Contiguous().Span<long>();
            switch (self.DType)
            {
                case DType.Float32: IndexKernels.IndexSelect(source.Span<float>(), positions, outer, size, inner, result.Span<float>()); break;
                case DType.Float64: IndexKernels.IndexSelect(source.Span<double>(), positions, outer, size, inner, result.Span<double>()); break;
                case DType.Int64: IndexKernels.IndexSelect(source.Span<long>(), positions, outer, size, inner, result.Span<long>()); break;
                case DType.Bool: IndexKernels.IndexSelect(source.Span<bool>(), positions, outer, size, inner, result.Span<bool>()); break;
            }
            return result;
        }

        /// <summary>torch.scatter_add (out of place): a copy of this tensor with source added at the indexed positions.</summary>
        public TensorData ScatterAdd(int dim, TensorData index, TensorData source)
        {
            self.CheckScatterGatherIndex(dim, index, source, "scatter_add");
            return self.Clone().ScatterAddInPlace(dim, index, source);
        }

        /// <summary>
        /// scatter_add_: this[index[i][j]][j] += source[i][j] (dim 0); repeated indices accumulate.
        /// Every index is checked before anything is written. Bumps the storage version.
        /// </summary>
        public TensorData ScatterAddInPlace(int dim, TensorData index, TensorData source)
        {
            int d = self.CheckScatterGatherIndex(dim, index, source, "scatter_add_");
            self.RequireWritable("scatter_add_");
            self.CheckIndexValues(index, d, "scatter_add_");
            switch (self.DType)
            {
                case DType.Float32: IndexKernels.ScatterAdd<float>(self, d, index, source); break;
                case DType.Float64: IndexKernels.ScatterAdd<double>(self, d, index, source); break;
                case DType.Int64: IndexKernels.ScatterAdd<long>(self, d, index, source); break;
                default: throw new NotSupportedException($"scatter_add_ is not defined for {self.DType.Name()} tensors (shape {ShapeUtil.Format(self.ShapeRef)})");
            }
            self.Storage.BumpVersion();
            return self;
        }

        /// <summary>
        /// index_add_: this[..., index[i], ...] += source[..., i, ...] along <paramref name="dim"/>;
        /// repeated indices accumulate (the backward of index_select and embedding). Bumps the storage version.
        /// </summary>
        public TensorData IndexAddInPlace(int dim, TensorData index, TensorData source)
        {
            int d = self.CheckVectorIndex(dim, index, "index_add_");
            self.CheckSameDTypeAs(source, "index_add_", "source");
            var expected = self.Rank == 0 ? index.ShapeArray() : self.ShapeArray();
            if (self.Rank > 0) expected[d] = index.Numel;
            if (self.Rank > 0 && source.Rank == self.Rank && source.ShapeRef[d] != index.Numel)
                throw new ArgumentException($"index_add_(): Number of indices ({index.Numel}) should be equal to source.size(dim) ({source.ShapeRef[d]}) for dim {d}; self shape {ShapeUtil.Format(self.ShapeRef)}, source shape {ShapeUtil.Format(source.ShapeRef)}");
            if (!source.Shape.SequenceEqual(expected))
                throw new ArgumentException($"index_add_(): source tensor shape must match self tensor shape, excluding the specified dimension {d}. Got self.shape = {ShapeUtil.Format(self.ShapeRef)} source.shape = {ShapeUtil.Format(source.ShapeRef)} (expected {ShapeUtil.Format(expected)})");
            if (self.DType == DType.Bool) throw new NotSupportedException($"index_add_ is not defined for bool tensors (shape {ShapeUtil.Format(self.ShapeRef)})");
            self.RequireWritable("index_add_");
            self.CheckIndexValues(index, d, "index_add_");
            var (outer, size, inner) = self.SplitAt(d);
            var target = self.IsContiguous ? self : self.Clone();
            var src = source.Contiguous();
            var positions = index.Contiguous().Span<long>();
            switch (self.DType)
            {
                case DType.Float32: IndexKernels.IndexAdd(target.Span<float>(), positions, outer, size, inner, src.Span<float>()); break;
                case DType.Float64: IndexKernels.IndexAdd(target.Span<double>(), positions, outer, size, inner, src.Span<double>()); break;
                case DType.Int64: IndexKernels.IndexAdd(target.Span<long>(), positions, outer, size, inner, src.Span<long>()); break;
            }
            if (ReferenceEquals(target, self)) self.Storage.BumpVersion();
            else self.CopyFrom(target); // bumps the version
            return self;
        }

        // ---- checks ----

        /// <summary>this.Rank and size rules shared by gather and scatter_add; returns the normalized dim.</summary>
        private int CheckScatterGatherIndex(int dim, TensorData index, TensorData? source, string op)
        {
            RequireInt64Index(index, op);
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            if (index.Rank != self.Rank)
                throw new ArgumentException($"{op}(): Index tensor must have the same number of dimensions as self tensor: index shape {ShapeUtil.Format(index.ShapeRef)}, self shape {ShapeUtil.Format(self.ShapeRef)}");
            if (source != null)
            {
                self.CheckSameDTypeAs(source, op, "src");
                if (source.Rank != self.Rank)
                    throw new ArgumentException($"{op}(): Index tensor must have the same number of dimensions as src tensor: index shape {ShapeUtil.Format(index.ShapeRef)}, src shape {ShapeUtil.Format(source.ShapeRef)}");
            }
            for (int i = 0; i < self.Rank; i++)
            {
                bool tooBigForSelf = i != d && index.ShapeRef[i] > self.ShapeRef[i];
                bool tooBigForSource = source != null && index.ShapeRef[i] > source.ShapeRef[i];
                if (tooBigForSelf || tooBigForSource)
                {
                    string against = source == null ? "" : $" and to be smaller size than src {ShapeUtil.Format(source.ShapeRef)}";
                    throw new ArgumentException($"{op}(): Size does not match at dimension {i}: expected index {ShapeUtil.Format(index.ShapeRef)} to be smaller than self {ShapeUtil.Format(self.ShapeRef)} apart from dimension {d}{against}");
                }
            }
            return d;
        }

        /// <summary>index_select / index_add take a 0-d or 1-d int64 index; returns the normalized dim.</summary>
        private int CheckVectorIndex(int dim, TensorData index, string op)
        {
            RequireInt64Index(index, op);
            if (index.Rank > 1)
                throw new ArgumentException($"{op}(): Index is supposed to be a vector (0-d or 1-d), got shape {ShapeUtil.Format(index.ShapeRef)}");
            return ShapeUtil.NormalizeDim(dim, self.Rank);
        }

        private void CheckSameDTypeAs(TensorData other, string op, string name)
        {
            if (other.DType != self.DType)
                throw new ArgumentException($"{op}(): Expected self.dtype to be equal to {name}.dtype: self is {self.DType.Name()} {ShapeUtil.Format(self.ShapeRef)}, {name} is {other.DType.Name()} {ShapeUtil.Format(other.ShapeRef)}");
        }

        private void CheckIndexValues(TensorData index, int dim, string op)
        {
            int size = self.Rank == 0 ? 1 : self.ShapeRef[dim];
            if (IndexKernels.FirstOutOfRange(index, size) is long bad)
                throw new IndexOutOfRangeException($"{op}(): index {bad} is out of bounds for dimension {dim} with size {size} (index out of range in self; self shape {ShapeUtil.Format(self.ShapeRef)})");
        }
    }

    private static void RequireInt64Index(TensorData index, string op)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}(): Expected dtype int64 for index, got {index.DType.Name()} with shape {ShapeUtil.Format(index.ShapeRef)}");
    }
}
