using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Elementwise ops. Each public method picks the operator struct for the dtype and hands it to the
// strided driver; out-of-place results are fresh contiguous tensors, *InPlace variants write into
// this tensor and bump its storage version.
public sealed partial class TensorData
{
    public TensorData Neg() => NumericUnary<NegateOperator<float>, NegateOperator<double>, NegateOperator<long>>("neg");
    public TensorData Abs() => NumericUnary<AbsOperator<float>, AbsOperator<double>, AbsOperator<long>>("abs");
    public TensorData Square() => NumericUnary<SquareOperator<float>, SquareOperator<double>, SquareOperator<long>>("square");
    public TensorData Relu() => NumericUnary<ReluOperator<float>, ReluOperator<double>, ReluOperator<long>>("relu");
    public TensorData Exp() => FloatUnary<ExpOperator<float>, ExpOperator<double>>("exp");
    public TensorData Log() => FloatUnary<LogOperator<float>, LogOperator<double>>("log");
    public TensorData Sqrt() => FloatUnary<SqrtOperator<float>, SqrtOperator<double>>("sqrt");
    public TensorData Rsqrt() => FloatUnary<RsqrtOperator<float>, RsqrtOperator<double>>("rsqrt");
    public TensorData Reciprocal() => FloatUnary<ReciprocalOperator<float>, ReciprocalOperator<double>>("reciprocal");
    public TensorData Sin() => FloatUnary<SinOperator<float>, SinOperator<double>>("sin");
    public TensorData Cos() => FloatUnary<CosOperator<float>, CosOperator<double>>("cos");
    public TensorData Tanh() => FloatUnary<TanhOperator<float>, TanhOperator<double>>("tanh");
    public TensorData Sigmoid() => FloatUnary<SigmoidOperator<float>, SigmoidOperator<double>>("sigmoid");
    public TensorData Silu() => FloatUnary<SiluOperator<float>, SiluOperator<double>>("silu");

    public TensorData Add(TensorData other) => NumericBinary<AddOperator<float>, AddOperator<double>, AddOperator<long>>(other, "add");
    public TensorData Sub(TensorData other) => NumericBinary<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(other, "sub");
    public TensorData Mul(TensorData other) => NumericBinary<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(other, "mul");
    public TensorData Div(TensorData other) => FloatBinary<DivideOperator<float>, DivideOperator<double>>(other, "div");
    public TensorData Maximum(TensorData other) => NumericBinary<MaximumOperator<float>, MaximumOperator<double>, MaximumOperator<long>>(other, "maximum");
    public TensorData Minimum(TensorData other) => NumericBinary<MinimumOperator<float>, MinimumOperator<double>, MinimumOperator<long>>(other, "minimum");
    public TensorData Pow(TensorData exponent) => FloatBinary<PowOperator<float>, PowOperator<double>>(exponent, "pow");

    public TensorData Add(double scalar) => NumericBinary<AddOperator<float>, AddOperator<double>, AddOperator<long>>(ScalarLike(scalar), "add");
    public TensorData Sub(double scalar) => NumericBinary<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(ScalarLike(scalar), "sub");
    /// <summary>scalar - this.</summary>
    public TensorData RSub(double scalar) => ScalarLike(scalar).Sub(this);
    public TensorData Mul(double scalar) => NumericBinary<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(ScalarLike(scalar), "mul");
    public TensorData Div(double scalar) => FloatBinary<DivideOperator<float>, DivideOperator<double>>(ScalarLike(scalar), "div");
    /// <summary>scalar / this.</summary>
    public TensorData RDiv(double scalar) => ScalarLike(scalar).Div(this);
    public TensorData Maximum(double scalar) => Maximum(ScalarLike(scalar));
    public TensorData Minimum(double scalar) => Minimum(ScalarLike(scalar));

    /// <summary>x ** exponent, with the common exponents taking exact fast paths.</summary>
    public TensorData Pow(double exponent) => exponent switch
    {
        1.0 => Clone(),
        2.0 => Square(),
        0.5 => Sqrt(),
        -1.0 => Reciprocal(),
        _ => FloatBinary<PowOperator<float>, PowOperator<double>>(ScalarLike(exponent), "pow"),
    };

    public TensorData LeakyRelu(double negativeSlope = 0.01) =>
        FloatBinary<LeakyReluOperator<float>, LeakyReluOperator<double>>(ScalarLike(negativeSlope), "leaky_relu");

    /// <summary>Clamps into [min, max]; either bound may be null. NaN stays NaN, as in PyTorch.</summary>
    public TensorData Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: at least one of 'min' or 'max' must not be None");
        var result = this;
        if (min is double lo) result = result.Maximum(lo);
        if (max is double hi) result = result.Minimum(hi);
        return ReferenceEquals(result, this) ? Clone() : result;
    }

    // ---- derivative helpers used by backward passes ----

    /// <summary>grad where x &gt; 0, else 0.</summary>
    public static TensorData ReluBackward(TensorData grad, TensorData x) =>
        grad.FloatBinary<ReluBackwardOperator<float>, ReluBackwardOperator<double>>(x, "relu_backward");

    /// <summary>grad * (1 - y²) with y = tanh(x).</summary>
    public static TensorData TanhBackward(TensorData grad, TensorData y) =>
        grad.FloatBinary<TanhBackwardOperator<float>, TanhBackwardOperator<double>>(y, "tanh_backward");

    /// <summary>grad * y * (1 - y) with y = sigmoid(x).</summary>
    public static TensorData SigmoidBackward(TensorData grad, TensorData y) =>
        grad.FloatBinary<SigmoidBackwardOperator<float>, SigmoidBackwardOperator<double>>(y, "sigmoid_backward");

    /// <summary>grad where x &gt; 0, else grad * slope.</summary>
    public static TensorData LeakyReluBackward(TensorData grad, TensorData x, double negativeSlope)
    {
        CheckSameShape(grad, x, "leaky_relu_backward");
        var result = Uninitialized(grad.DType, grad.Shape);
        var slope = grad.ScalarLike(negativeSlope).Expand(grad.ShapeRef);
        switch (grad.DType)
        {
            case DType.Float32: StridedElementwise.Ternary<float, LeakyReluBackwardOperator<float>>(grad, x, slope, result); break;
            case DType.Float64: StridedElementwise.Ternary<double, LeakyReluBackwardOperator<double>>(grad, x, slope, result); break;
            default: throw grad.NotFloating("leaky_relu_backward");
        }
        return result;
    }

    // ---- in place ----

    public TensorData AddInPlace(TensorData other) => NumericBinaryInPlace<AddOperator<float>, AddOperator<double>, AddOperator<long>>(other, "add_");
    public TensorData SubInPlace(TensorData other) => NumericBinaryInPlace<SubtractOperator<float>, SubtractOperator<double>, SubtractOperator<long>>(other, "sub_");
    public TensorData MulInPlace(TensorData other) => NumericBinaryInPlace<MultiplyOperator<float>, MultiplyOperator<double>, MultiplyOperator<long>>(other, "mul_");
    public TensorData DivInPlace(TensorData other)
    {
        RequireFloat("div_");
        return NumericBinaryInPlace<DivideOperator<float>, DivideOperator<double>, DivideOperator<long>>(other, "div_");
    }
    public TensorData AddInPlace(double scalar) => AddInPlace(ScalarLike(scalar));
    public TensorData MulInPlace(double scalar) => MulInPlace(ScalarLike(scalar));

    /// <summary>e^x written over this tensor.</summary>
    public TensorData ExpInPlace() => FloatUnaryInPlace<ExpOperator<float>, ExpOperator<double>>("exp_");
    public TensorData NegInPlace() => NumericUnaryInPlace<NegateOperator<float>, NegateOperator<double>, NegateOperator<long>>("neg_");
    public TensorData ReluInPlace() => NumericUnaryInPlace<ReluOperator<float>, ReluOperator<double>, ReluOperator<long>>("relu_");
    public TensorData SqrtInPlace() => FloatUnaryInPlace<SqrtOperator<float>, SqrtOperator<double>>("sqrt_");

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public TensorData FillInPlace(double value)
    {
        CopyFrom(ScalarLike(value));
        return this;
    }

    public TensorData ZeroInPlace() => FillInPlace(0);

    // ---- dispatch helpers ----

    /// <summary>A 0-d tensor of this dtype holding <paramref name="value"/>.</summary>
    public TensorData ScalarLike(double value) => Scalar(value, DType);

    internal TensorData FloatUnary<TF, TD>(string op)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double>
    {
        var result = Uninitialized(DType, _shape);
        switch (DType)
        {
            case DType.Float32: StridedElementwise.Unary<float, TF>(this, result); break;
            case DType.Float64: StridedElementwise.Unary<double, TD>(this, result); break;
            default: throw NotFloating(op);
        }
        return result;
    }

    internal TensorData NumericUnary<TF, TD, TL>(string op)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> where TL : IUnaryOperator<long>
    {
        if (DType == DType.Int64)
        {
            var result = Uninitialized(DType, _shape);
            StridedElementwise.Unary<long, TL>(this, result);
            return result;
        }
        return FloatUnary<TF, TD>(op);
    }

    internal TensorData FloatUnaryInPlace<TF, TD>(string op)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double>
    {
        RequireWritable(op);
        switch (DType)
        {
            case DType.Float32: StridedElementwise.Unary<float, TF>(this, this); break;
            case DType.Float64: StridedElementwise.Unary<double, TD>(this, this); break;
            default: throw NotFloating(op);
        }
        Storage.BumpVersion();
        return this;
    }

    internal TensorData NumericUnaryInPlace<TF, TD, TL>(string op)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> where TL : IUnaryOperator<long>
    {
        if (DType != DType.Int64) return FloatUnaryInPlace<TF, TD>(op);
        RequireWritable(op);
        StridedElementwise.Unary<long, TL>(this, this);
        Storage.BumpVersion();
        return this;
    }

    internal TensorData FloatBinary<TF, TD>(TensorData other, string op)
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double>
    {
        var (a, b, result) = PrepareBinary(other, op);
        switch (DType)
        {
            case DType.Float32: StridedElementwise.Binary<float, TF>(a, b, result); break;
            case DType.Float64: StridedElementwise.Binary<double, TD>(a, b, result); break;
            default: throw NotFloating(op);
        }
        return result;
    }

    internal TensorData NumericBinary<TF, TD, TL>(TensorData other, string op)
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TL : IBinaryOperator<long>
    {
        if (DType != DType.Int64) return FloatBinary<TF, TD>(other, op);
        var (a, b, result) = PrepareBinary(other, op);
        StridedElementwise.Binary<long, TL>(a, b, result);
        return result;
    }

    internal TensorData NumericBinaryInPlace<TF, TD, TL>(TensorData other, string op)
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TL : IBinaryOperator<long>
    {
        RequireWritable(op);
        CheckSameDType(other, op);
        var b = other.Shape.SequenceEqual(Shape) ? other : other.ExpandForInPlace(_shape, op);
        switch (DType)
        {
            case DType.Float32: StridedElementwise.Binary<float, TF>(this, b, this); break;
            case DType.Float64: StridedElementwise.Binary<double, TD>(this, b, this); break;
            case DType.Int64: StridedElementwise.Binary<long, TL>(this, b, this); break;
            default: throw new NotSupportedException($"{op} is not defined for {DType.Name()} tensors");
        }
        Storage.BumpVersion();
        return this;
    }

    private TensorData ExpandForInPlace(int[] target, string op)
    {
        var broadcast = ShapeUtil.Broadcast(_shape, target);
        if (!broadcast.AsSpan().SequenceEqual(target))
            throw new ArgumentException($"{op}: output with shape {ShapeUtil.Format(target)} doesn't match the broadcast shape {ShapeUtil.Format(broadcast)} (operand shape {ShapeUtil.Format(_shape)})");
        return Expand(target);
    }

    private (TensorData a, TensorData b, TensorData result) PrepareBinary(TensorData other, string op)
    {
        CheckSameDType(other, op);
        if (other.Shape.SequenceEqual(Shape))
            return (this, other, Uninitialized(DType, _shape));
        int[] shape;
        try { shape = ShapeUtil.Broadcast(_shape, other._shape); }
        catch (ArgumentException e) { throw new ArgumentException($"{op}: {e.Message}", e); }
        return (Expand(shape), other.Expand(shape), Uninitialized(DType, shape));
    }

    private void CheckSameDType(TensorData other, string op)
    {
        if (other.DType != DType)
            throw new ArgumentException($"{op}: expected both operands to have the same dtype, but got {DType.Name()} {ShapeUtil.Format(_shape)} and {other.DType.Name()} {ShapeUtil.Format(other._shape)}");
    }

    private static void CheckSameShape(TensorData a, TensorData b, string op)
    {
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: shapes {ShapeUtil.Format(a._shape)} and {ShapeUtil.Format(b._shape)} must be equal");
    }

    private void RequireFloat(string op)
    {
        if (!IsFloatingPoint) throw NotFloating(op);
    }

    /// <summary>In-place writes into a view with stride 0 would write one element many times.</summary>
    private void RequireWritable(string op)
    {
        for (int d = 0; d < Rank; d++)
            if (_strides[d] == 0 && _shape[d] > 1)
                throw new InvalidOperationException($"{op}: unsupported operation: more than one element of the written-to tensor (shape {ShapeUtil.Format(_shape)}, strides {ShapeUtil.Format(_strides)}) refers to a single memory location. Please clone() the tensor before performing the operation.");
    }

    private Exception NotFloating(string op) =>
        new NotSupportedException($"{op} is only defined for float32 and float64 tensors, got {DType.Name()} with shape {ShapeUtil.Format(_shape)}");
}
