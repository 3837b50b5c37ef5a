using System.Numerics;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Reductions. `dims` null (or empty) means every dim; negative dims count from the end; a dim
// named twice is an error. Results are fresh contiguous tensors of the input dtype. Inputs of any
// layout are reordered to memory order when that makes them contiguous, else copied once.
public static class ReductionOps
{
    extension(TensorData self)
    {
        /// <summary>torch.sum. int64 sums stay int64; bool counts as int64, as in PyTorch.</summary>
        public TensorData Sum(int[]? dims = null, bool keepDim = false)
        {
            if (self.DType == DType.Bool) return self.To(DType.Int64).Sum(dims, keepDim);
            return self.Reduce<SumOperator<float>, SumOperator<double>, SumOperator<long>>(self.ReductionMask(dims, "sum"), keepDim, "sum");
        }

        /// <summary>torch.mean: the sum divided by the number of reduced elements (NaN when there are none).</summary>
        public TensorData Mean(int[]? dims = null, bool keepDim = false)
        {
            self.RequireFloatReduction("mean");
            var mask = self.ReductionMask(dims, "mean");
            return self.Sum(dims, keepDim).DivInPlace(self.ScalarLike(self.ReducedCount(mask)));
        }

        /// <summary>torch.amax: NaN propagates. Reducing over a dim of size 0 is an error.</summary>
        public TensorData Amax(int[]? dims = null, bool keepDim = false)
        {
            var mask = self.ReductionMask(dims, "amax");
            self.RequireNonEmptyReduction(mask, "amax");
            return self.Reduce<AmaxOperator<float>, AmaxOperator<double>, AmaxOperator<long>>(mask, keepDim, "amax");
        }

        /// <summary>torch.amin: NaN propagates. Reducing over a dim of size 0 is an error.</summary>
        public TensorData Amin(int[]? dims = null, bool keepDim = false)
        {
            var mask = self.ReductionMask(dims, "amin");
            self.RequireNonEmptyReduction(mask, "amin");
            return self.Reduce<AminOperator<float>, AminOperator<double>, AminOperator<long>>(mask, keepDim, "amin");
        }

        /// <summary>torch.max(dim): the largest values and the int64 index of each one's first occurrence (NaN counts as largest).</summary>
        public (TensorData Values, TensorData Indices) Max(int dim, bool keepDim = false) =>
            self.ArgReduce<AmaxOperator<float>, PreferLarger<float>, AmaxOperator<double>, PreferLarger<double>, AmaxOperator<long>, PreferLarger<long>>(dim, keepDim, "max");

        /// <summary>torch.min(dim): the smallest values and the int64 index of each one's first occurrence (NaN counts as smallest).</summary>
        public (TensorData Values, TensorData Indices) Min(int dim, bool keepDim = false) =>
            self.ArgReduce<AminOperator<float>, PreferSmaller<float>, AminOperator<double>, PreferSmaller<double>, AminOperator<long>, PreferSmaller<long>>(dim, keepDim, "min");

        /// <summary>torch.argmax: int64 indices along <paramref name="dim"/>, or into the flattened tensor when it is null.</summary>
        public TensorData ArgMax(int? dim = null, bool keepDim = false) =>
            dim is int d ? self.Max(d, keepDim).Indices : self.FlatArg(keepDim, "argmax", static t => t.Max(0).Indices);

        /// <summary>torch.argmin: int64 indices along <paramref name="dim"/>, or into the flattened tensor when it is null.</summary>
        public TensorData ArgMin(int? dim = null, bool keepDim = false) =>
            dim is int d ? self.Min(d, keepDim).Indices : self.FlatArg(keepDim, "argmin", static t => t.Min(0).Indices);

        /// <summary>
        /// torch.var: two passes (mean, then the sum of squared deviations) divided by
        /// max(0, N - <paramref name="correction"/>); a zero divisor gives inf or NaN as in PyTorch.
        /// </summary>
        public TensorData Var(int[]? dims = null, int correction = 1, bool keepDim = false)
        {
            self.RequireFloatReduction("var");
            var mask = self.ReductionMask(dims, "var");
            long n = self.ReducedCount(mask);
            var deviations = self.Sub(self.Mean(dims, keepDim: true));
            deviations = deviations.MulInPlace(deviations);
            return deviations.Sum(dims, keepDim).DivInPlace(self.ScalarLike(Math.Max(0, n - correction)));
        }

        /// <summary>
        /// torch.logsumexp, shifted by the maximum for stability. A maximum of ±inf is not subtracted
        /// (shift 0), so an all -inf row gives -inf and a +inf gives inf rather than NaN. An empty
        /// reduction gives -inf (log 0).
        /// </summary>
        public TensorData LogSumExp(int[] dims, bool keepDim = false)
        {
            ArgumentNullException.ThrowIfNull(dims);
            self.RequireFloatReduction("logsumexp");
            var mask = self.ReductionMask(dims, "logsumexp");
            if (self.ReducedCount(mask) == 0)
                return TensorData.Full(self.ReducedShape(mask, keepDim), double.NegativeInfinity, self.DType);
            var shift = self.Amax(dims, keepDim: true);
            switch (self.DType)
            {
                case DType.Float32: ZeroInfinities(shift.Span<float>()); break;
                default: ZeroInfinities(shift.Span<double>()); break;
            }
            var result = self.Sub(shift).ExpInPlace().Sum(dims, keepDim: true).Log().AddInPlace(shift);
            return keepDim ? result : result.View(self.ReducedShape(mask, false));
        }

        /// <summary>
        /// PyTorch's sum_to_size: sums the leading dims <paramref name="shape"/> lacks and, keeping
        /// them, the dims where it has size 1; the gradient of a broadcast. Returns this tensor when
        /// the shape already matches.
        /// </summary>
        public TensorData SumToShape(ReadOnlySpan<int> shape)
        {
            if (shape.SequenceEqual(self.Shape)) return self;
            int lead = self.Rank - shape.Length;
            bool expandable = lead >= 0;
            for (int i = 0; expandable && i < shape.Length; i++)
                expandable = shape[i] == self.ShapeRef[lead + i] || shape[i] == 1;
            if (!expandable)
                throw new ArgumentException($"sum_to_size: size {ShapeUtil.Format(shape)} is not expandable to size {ShapeUtil.Format(self.ShapeRef)}");
            var dims = new List<int>();
            for (int d = 0; d < self.Rank; d++)
                if (d < lead || (shape[d - lead] == 1 && self.ShapeRef[d] != 1)) dims.Add(d);
            var target = shape.ToArray();
            return dims.Count == 0 ? self.Reshape(target) : self.Sum(dims.ToArray(), keepDim: true).View(target);
        }

        // ---- helpers ----

        /// <summary>Which dims a reduction folds; null or empty means all.</summary>
        private bool[] ReductionMask(int[]? dims, string op)
        {
            var mask = new bool[self.Rank];
            if (dims == null || dims.Length == 0) { Array.Fill(mask, true); return mask; }
            var named = new bool[Math.Max(self.Rank, 1)];
            foreach (int dim in dims)
            {
                int d = ShapeUtil.NormalizeDim(dim, self.Rank, "dims");
                if (named[d]) throw new ArgumentException($"{op}: dim {d} appears multiple times in the list of dims {ShapeUtil.Format(dims)}");
                named[d] = true;
                if (d < self.Rank) mask[d] = true;
            }
            return mask;
        }

        private long ReducedCount(bool[] mask)
        {
            long n = 1;
            for (int d = 0; d < self.Rank; d++) if (mask[d]) n *= self.ShapeRef[d];
            return n;
        }

        private int[] ReducedShape(bool[] mask, bool keepDim)
        {
            var shape = new List<int>(self.Rank);
            for (int d = 0; d < self.Rank; d++)
            {
                if (!mask[d]) shape.Add(self.ShapeRef[d]);
                else if (keepDim) shape.Add(1);
            }
            return shape.ToArray();
        }

        private void RequireNonEmptyReduction(bool[] mask, string op)
        {
            for (int d = 0; d < self.Rank; d++)
                if (mask[d] && self.ShapeRef[d] == 0)
                    throw new ArgumentException($"{op}(): Expected reduction dim {d} to have non-zero size (input shape {ShapeUtil.Format(self.ShapeRef)}); the {op} of no elements is undefined");
        }

        private void RequireFloatReduction(string op)
        {
            if (!self.IsFloatingPoint)
                throw new NotSupportedException($"{op}(): could not infer output dtype. Input dtype must be floating point (float32 or float64), got {self.DType.Name()} with shape {ShapeUtil.Format(self.ShapeRef)}");
        }

        private TensorData Reduce<TF, TD, TL>(bool[] mask, bool keepDim, string op)
            where TF : IAggregationOperator<float> where TD : IAggregationOperator<double> where TL : IAggregationOperator<long> =>
            self.DType switch
            {
                DType.Float32 => self.Reduce<float, TF>(mask, keepDim),
                DType.Float64 => self.Reduce<double, TD>(mask, keepDim),
                DType.Int64 => self.Reduce<long, TL>(mask, keepDim),
                _ => throw new NotSupportedException($"{op} is not defined for {self.DType.Name()} tensors (shape {ShapeUtil.Format(self.ShapeRef)})"),
            };

        private TensorData Reduce<T, TOp>(bool[] mask, bool keepDim) where T : struct, INumber<T> where TOp : IAggregationOperator<T>
        {
            var (source, order) = self.MemoryOrdered();
            var sourceMask = new bool[self.Rank];
            var keptOrder = new List<int>(self.Rank);
            for (int i = 0; i < self.Rank; i++)
            {
                sourceMask[i] = mask[order[i]];
                if (!sourceMask[i]) keptOrder.Add(order[i]);
            }
            var result = TensorData.Uninitialized(self.DType, keptOrder.Select(d => self.ShapeRef[d]).ToArray());
            ContiguousReduction.Reduce<T, TOp>(source.Span<T>(), source.Shape, sourceMask, result.Span<T>());
            if (!IsAscending(keptOrder))
            {
                // The kernel wrote the kept dims in memory order; put them back in the caller's order.
                var sorted = keptOrder.Order().ToList();
                result = result.Permute(sorted.Select(d => keptOrder.IndexOf(d)).ToArray()).Contiguous();
            }
            return result.View(self.ReducedShape(mask, keepDim));
        }

        /// <summary>
        /// A contiguous tensor holding this one's elements with dims reordered as <c>order</c>: a
        /// view when sorting the dims by stride makes it contiguous (transposes, permutes), else a copy.
        /// </summary>
        private (TensorData Source, int[] Order) MemoryOrdered()
        {
            var identity = Enumerable.Range(0, self.Rank).ToArray();
            if (self.IsContiguous) return (self, identity);
            var order = identity.OrderByDescending(d => self.StridesRef[d]).ToArray(); // stable: ties keep dim order
            var permuted = self.Permute(order);
            return permuted.IsContiguous ? (permuted, order) : (self.Contiguous(), identity);
        }

        private (TensorData Values, TensorData Indices) ArgReduce<TF, TPF, TD, TPD, TL, TPL>(int dim, bool keepDim, string op)
            where TF : IAggregationOperator<float> where TPF : IArgPreference<float>
            where TD : IAggregationOperator<double> where TPD : IArgPreference<double>
            where TL : IAggregationOperator<long> where TPL : IArgPreference<long>
        {
            int d = ShapeUtil.NormalizeDim(dim, self.Rank);
            int size = self.Rank == 0 ? 1 : self.ShapeRef[d];
            if (size == 0)
                throw new ArgumentException($"{op}(): Expected reduction dim {d} to have non-zero size (input shape {ShapeUtil.Format(self.ShapeRef)})");
            var mask = new bool[self.Rank];
            if (self.Rank > 0) mask[d] = true;
            var shape = self.ReducedShape(mask, keepDim);
            var values = TensorData.Uninitialized(self.DType, shape);
            var indices = TensorData.Uninitialized(DType.Int64, shape);
            var (outer, _, inner) = self.SplitAt(d);
            var x = self.Contiguous();
            switch (self.DType)
            {
                case DType.Float32: ArgReduction.Run<float, TF, TPF>(x.Span<float>(), outer, size, inner, values.Span<float>(), indices.Span<long>()); break;
                case DType.Float64: ArgReduction.Run<double, TD, TPD>(x.Span<double>(), outer, size, inner, values.Span<double>(), indices.Span<long>()); break;
                case DType.Int64: ArgReduction.Run<long, TL, TPL>(x.Span<long>(), outer, size, inner, values.Span<long>(), indices.Span<long>()); break;
                default: throw new NotSupportedException($"{op} is not defined for {self.DType.Name()} tensors (shape {ShapeUtil.Format(self.ShapeRef)})");
            }
            return (values, indices);
        }

        /// <summary>argmax/argmin with no dim: an index into the flattened tensor; keepDim gives every dim size 1.</summary>
        private TensorData FlatArg(bool keepDim, string op, Func<TensorData, TensorData> along0)
        {
            if (self.Numel == 0)
                throw new ArgumentException($"{op}(): Expected reduction dim to be specified for input.numel() == 0 (input shape {ShapeUtil.Format(self.ShapeRef)})");
            var index = along0(self.Reshape(-1));
            return keepDim ? index.View(Enumerable.Repeat(1, self.Rank).ToArray()) : index.View();
        }
    }

    private static void ZeroInfinities<T>(Span<T> values) where T : struct, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) if (T.IsInfinity(values[i])) values[i] = T.Zero;
    }

    private static bool IsAscending(List<int> dims)
    {
        for (int i = 1; i < dims.Count; i++) if (dims[i] < dims[i - 1]) return false;
        return true;
    }
}
