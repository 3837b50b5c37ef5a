using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tensors;

// Zip (minitorch's name) over any operator struct: the door through which a caller outside this
// layer runs its own fused elementwise op (a derivative beside its autograd node) in one strided
// pass, on the same loop templates and width dispatch as the built-in ops. Float32 and float64
// only; the caller names one operator struct per dtype.
public sealed partial class TensorData
{
    /// <summary>op(a, b) elementwise, with a and b broadcast to a common shape, into a fresh contiguous tensor.</summary>
    public static TensorData Zip<TFloat, TDouble>(TensorData a, TensorData b)
        where TFloat : IBinaryOperator<float> where TDouble : IBinaryOperator<double> =>
        a.FloatBinary<TFloat, TDouble>(b, "zip");

    /// <summary>op(a, b, c) elementwise, with a, b and c broadcast to a common shape (a 0-d operand carries a parameter such as a slope).</summary>
    public static TensorData Zip<TFloat, TDouble>(TensorData a, TensorData b, TensorData c)
        where TFloat : ITernaryOperator<float> where TDouble : ITernaryOperator<double>
    {
        a.CheckSameDType(b, "zip");
        a.CheckSameDType(c, "zip");
        // The usual call passes operands of one shape: then nothing is expanded and no shape allocated.
        bool sameShape = b.Shape.SequenceEqual(a.Shape) && c.Shape.SequenceEqual(a.Shape);
        int[] shape = sameShape ? a._shape : ShapeUtil.Broadcast(ShapeUtil.Broadcast(a._shape, b._shape), c._shape);
        (a, b, c) = (a.ExpandedTo(shape), b.ExpandedTo(shape), c.ExpandedTo(shape));
        var result = Uninitialized(a.DType, shape);
        switch (result.DType)
        {
            case DType.Float32: StridedElementwise.Ternary<float, TFloat>(a, b, c, result); break;
            case DType.Float64: StridedElementwise.Ternary<double, TDouble>(a, b, c, result); break;
            default: throw result.NotFloating("zip");
        }
        return result;
    }

    private TensorData ExpandedTo(int[] shape) => Shape.SequenceEqual(shape) ? this : Expand(shape);
}
