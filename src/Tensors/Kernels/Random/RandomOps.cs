namespace MiniTorch.Tensors;

// Random factories. All draw from a Generator (Generator.Default when none is given); the stream
// layout, and so what is reproducible, is documented on Generator.
public static class RandomOps
{
    extension(TensorData)
    {
        /// <summary>Uniform samples in [0, 1), like <c>torch.rand</c>; float32 never yields 1.0f.</summary>
        public static TensorData Rand(int[] shape, DType dtype = DType.Float32, Generator? generator = null) =>
            TensorData.Uniform(shape, 0, 1, dtype, generator);

        /// <summary>Standard normal samples (Box-Muller), like <c>torch.randn</c>.</summary>
        public static TensorData Randn(int[] shape, DType dtype = DType.Float32, Generator? generator = null)
        {
            var t = NewRandom(shape, dtype, "randn");
            if (dtype == DType.Float32) RandomStreams.Normal(generator, t.Span<float>(), static v => (float)v);
            else RandomStreams.Normal(generator, t.Span<double>(), static v => v);
            return t;
        }

        /// <summary>int64 samples uniform over [low, high), like <c>torch.randint(low, high, shape)</c>.</summary>
        public static TensorData RandInt(long low, long high, int[] shape, Generator? generator = null)
        {
            if (high <= low)
                throw new ArgumentException($"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}");
            var t = TensorData.Zeros(DType.Int64, CheckShape(shape, "randint"));
            RandomStreams.Integers(generator, t.Span<long>(), low, high);
            return t;
        }

        /// <summary>Uniform samples in [low, high) (<c>tensor.uniform_(low, high)</c>), as used by Linear/Conv initialisation.</summary>
        public static TensorData Uniform(int[] shape, double low, double high, DType dtype = DType.Float32, Generator? generator = null)
        {
            if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
                throw new ArgumentException($"uniform_ expects to return a [from, to) range, but found from={low} > to={high} (both must be finite)");
            var t = NewRandom(shape, dtype, "uniform");
            if (dtype == DType.Float32) RandomStreams.Uniform(generator, t.Span<float>(), low, high);
            else RandomStreams.Uniform(generator, t.Span<double>(), low, high);
            return t;
        }

        /// <summary>1 with probability <paramref name="p"/>, else 0 (dropout masks); any dtype (bool gives true/false).</summary>
        public static TensorData Bernoulli(int[] shape, double p, DType dtype = DType.Float32, Generator? generator = null)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, $"bernoulli_ expects p to be in [0, 1], but got p={p}");
            var s = CheckShape(shape, "bernoulli");
            var mask = TensorData.Zeros(DType.Bool, s);
            RandomStreams.Bernoulli(generator, mask.Span<bool>(), p);
            return mask.To(dtype);
        }

        /// <summary>A random permutation of 0 .. n-1 (<c>torch.randperm</c>), for shuffling data.</summary>
        public static int[] RandPerm(int n, Generator? generator = null)
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, $"randperm: n must be non-negative, got {n}");
            return RandomStreams.Permutation(generator, n);
        }
    }

    private static TensorData NewRandom(int[] shape, DType dtype, string op)
    {
        if (!dtype.IsFloatingPoint())
            throw new NotSupportedException($"{op} is only defined for float32 and float64, got {dtype.Name()}");
        return TensorData.Zeros(dtype, CheckShape(shape, op));
    }

    private static int[] CheckShape(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"{op}: negative dimension in shape {ShapeUtil.Format(shape)}");
        return shape;
    }
}
