namespace MiniTorch.Tensors;

// Comparisons produce bool masks; Where selects by a mask. These run scalar loops over the
// broadcast index space: masks are small next to the arithmetic around them.
public static class CompareOps
{
    extension(TensorData self)
    {
        public TensorData Eq(TensorData other) => self.Compare(other, "eq", static c => c == 0);
        public TensorData Ne(TensorData other) => self.Compare(other, "ne", static c => c != 0);
        public TensorData Lt(TensorData other) => self.Compare(other, "lt", static c => c < 0);
        public TensorData Le(TensorData other) => self.Compare(other, "le", static c => c <= 0);
        public TensorData Gt(TensorData other) => self.Compare(other, "gt", static c => c > 0);
        public TensorData Ge(TensorData other) => self.Compare(other, "ge", static c => c >= 0);
        public TensorData Eq(double scalar) => self.Eq(self.ScalarLike(scalar));
        public TensorData Ne(double scalar) => self.Ne(self.ScalarLike(scalar));
        public TensorData Lt(double scalar) => self.Lt(self.ScalarLike(scalar));
        public TensorData Le(double scalar) => self.Le(self.ScalarLike(scalar));
        public TensorData Gt(double scalar) => self.Gt(self.ScalarLike(scalar));
        public TensorData Ge(double scalar) => self.Ge(self.ScalarLike(scalar));

        /// <summary>
        /// Elementwise comparison; <paramref name="test"/> receives -1/0/1 for less/equal/greater; a NaN on
        /// either side makes every comparison false but "ne", as in IEEE.
        /// </summary>
        private TensorData Compare(TensorData other, string op, Func<int, bool> test)
        {
            var shape = ShapeUtil.Broadcast(self.ShapeRef, other.ShapeRef);
            var result = TensorData.Zeros(DType.Bool, shape);
            var dst = result.Span<bool>();
            if (self.DType == DType.Int64 && other.DType == DType.Int64)
            {
                // Compared as long: int64 beyond 2^53 would lose precision through double.
                var la = self.Expand(shape).Contiguous().Span<long>();
                var lb = other.Expand(shape).Contiguous().Span<long>();
                for (int i = 0; i < dst.Length; i++) dst[i] = test(la[i].CompareTo(lb[i]));
                return result;
            }
            var da = self.Expand(shape).To(DType.Float64).Contiguous().Span<double>();
            var db = other.Expand(shape).To(DType.Float64).Contiguous().Span<double>();
            bool nanResult = op == "ne";
            for (int i = 0; i < dst.Length; i++)
            {
                double x = da[i], y = db[i];
                dst[i] = double.IsNaN(x) || double.IsNaN(y) ? nanResult : test(x < y ? -1 : x > y ? 1 : 0);
            }
            return result;
        }
    }

    extension(TensorData)
    {
        /// <summary>condition ? x : y elementwise, broadcasting all three; x and y share a dtype.</summary>
        public static TensorData Where(TensorData condition, TensorData x, TensorData y)
        {
            if (condition.DType != DType.Bool)
                throw new ArgumentException($"where: expected condition to be a bool tensor, but got {condition.DType.Name()} with shape {ShapeUtil.Format(condition.ShapeRef)}");
            if (x.DType != y.DType)
                throw new ArgumentException($"where: expected x and y to have the same dtype, but got {x.DType.Name()} {ShapeUtil.Format(x.ShapeRef)} and {y.DType.Name()} {ShapeUtil.Format(y.ShapeRef)}");
            var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.ShapeRef, x.ShapeRef), y.ShapeRef);
            var c = condition.Expand(shape).Contiguous().Span<bool>();
            var result = TensorData.Uninitialized(x.DType, shape);
            switch (x.DType)
            {
                case DType.Float32: Select<float>(c, x.Expand(shape), y.Expand(shape), result); break;
                case DType.Float64: Select<double>(c, x.Expand(shape), y.Expand(shape), result); break;
                case DType.Int64: Select<long>(c, x.Expand(shape), y.Expand(shape), result); break;
                case DType.Bool: Select<bool>(c, x.Expand(shape), y.Expand(shape), result); break;
            }
            return result;
        }
    }

    private static void Select<T>(ReadOnlySpan<bool> condition, TensorData x, TensorData y, TensorData result)
    {
        var xs = x.Contiguous().Span<T>();
        var ys = y.Contiguous().Span<T>();
        var dst = result.Span<T>();
        for (int i = 0; i < dst.Length; i++) dst[i] = condition[i] ? xs[i] : ys[i];
    }
}
