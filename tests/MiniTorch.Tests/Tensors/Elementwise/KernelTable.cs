using System.Numerics;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>Which loop template a case runs, and which operands are broadcast scalars.</summary>
public enum LoopForm { Unary, VectorVector, VectorScalar, ScalarVector, Ternary }

/// <summary>
/// One elementwise operator bound to its loop template. <see cref="Reference"/> is the operator's
/// scalar Invoke, the reference semantics every vector width must reproduce.
/// </summary>
public abstract class KernelCase<T>(string name) where T : struct
{
    public string Name { get; } = name;

    public abstract IReadOnlyList<LoopForm> Forms { get; }

    /// <summary>Runs the loop template for <paramref name="form"/>; a scalar operand is element 0 of its array.</summary>
    public abstract void Run(LoopForm form, T[][] inputs, Span<T> destination);

    public abstract T Reference(ReadOnlySpan<T> args);

    public static bool IsScalarOperand(LoopForm form, int operand) =>
        (form == LoopForm.VectorScalar && operand == 1) || (form == LoopForm.ScalarVector && operand == 0);

    public static int Arity(LoopForm form) => form switch { LoopForm.Unary => 1, LoopForm.Ternary => 3, _ => 2 };

    public override string ToString() => Name;
}

public sealed class UnaryCase<T, TOp>(string name) : KernelCase<T>(name) where T : struct where TOp : IUnaryOperator<T>
{
    public override IReadOnlyList<LoopForm> Forms => [LoopForm.Unary];
    public override void Run(LoopForm form, T[][] inputs, Span<T> destination) => ElementwiseLoops.Unary<T, TOp>(inputs[0], destination);
    public override T Reference(ReadOnlySpan<T> args) => TOp.Invoke(args[0]);
}

public sealed class BinaryCase<T, TOp>(string name) : KernelCase<T>(name) where T : struct where TOp : IBinaryOperator<T>
{
    public override IReadOnlyList<LoopForm> Forms => [LoopForm.VectorVector, LoopForm.VectorScalar, LoopForm.ScalarVector];

    public override void Run(LoopForm form, T[][] inputs, Span<T> destination)
    {
        switch (form)
        {
            case LoopForm.VectorVector: ElementwiseLoops.Binary<T, TOp>(inputs[0], inputs[1], destination); break;
            case LoopForm.VectorScalar: ElementwiseLoops.Binary<T, TOp>(inputs[0], inputs[1][0], destination); break;
            case LoopForm.ScalarVector: ElementwiseLoops.Binary<T, TOp>(inputs[0][0], inputs[1], destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(form));
        }
    }

    public override T Reference(ReadOnlySpan<T> args) => TOp.Invoke(args[0], args[1]);
}

public sealed class TernaryCase<T, TOp>(string name) : KernelCase<T>(name) where T : struct where TOp : ITernaryOperator<T>
{
    public override IReadOnlyList<LoopForm> Forms => [LoopForm.Ternary];
    public override void Run(LoopForm form, T[][] inputs, Span<T> destination) => ElementwiseLoops.Ternary<T, TOp>(inputs[0], inputs[1], inputs[2], destination);
    public override T Reference(ReadOnlySpan<T> args) => TOp.Invoke(args[0], args[1], args[2]);
}

/// <summary>
/// The op table: every elementwise operator behind TensorData.Elementwise.cs that this suite
/// owns (exp, log, tanh, sigmoid, sin, cos, erf, gelu and silu are tested with the transcendental
/// kernels). One generic list serves float32, float64 and, for the integer-safe ops, int64.
/// </summary>
public static class KernelTable
{
    public static KernelCase<T>[] Numeric<T>() where T : struct, INumber<T> =>
    [
        new UnaryCase<T, NegateOperator<T>>("neg"),
        new UnaryCase<T, AbsOperator<T>>("abs"),
        new UnaryCase<T, SquareOperator<T>>("square"),
        new UnaryCase<T, ReluOperator<T>>("relu"),
        new BinaryCase<T, AddOperator<T>>("add"),
        new BinaryCase<T, SubtractOperator<T>>("sub"),
        new BinaryCase<T, MultiplyOperator<T>>("mul"),
        new BinaryCase<T, MaximumOperator<T>>("maximum"),
        new BinaryCase<T, MinimumOperator<T>>("minimum"),
    ];

    public static KernelCase<T>[] Floating<T>() where T : struct, IFloatingPointIeee754<T> =>
    [
        .. Numeric<T>(),
        new UnaryCase<T, SqrtOperator<T>>("sqrt"),
        new UnaryCase<T, RsqrtOperator<T>>("rsqrt"),
        new UnaryCase<T, ReciprocalOperator<T>>("reciprocal"),
        new BinaryCase<T, DivideOperator<T>>("div"),
        new BinaryCase<T, PowOperator<T>>("pow"),
        new BinaryCase<T, LeakyReluOperator<T>>("leaky_relu"),
        new BinaryCase<T, ReluBackwardOperator<T>>("relu_backward"),
        new BinaryCase<T, TanhBackwardOperator<T>>("tanh_backward"),
        new BinaryCase<T, SigmoidBackwardOperator<T>>("sigmoid_backward"),
        new TernaryCase<T, LeakyReluBackwardOperator<T>>("leaky_relu_backward"),
        new TernaryCase<T, MultiplyAddOperator<T>>("multiply_add"),
    ];

    /// <summary>(dtype, op) rows for theories: every floating op in both float dtypes, the numeric ones in int64.</summary>
    public static IEnumerable<(string dtype, string op)> Rows() =>
        Floating<float>().Select(c => ("float32", c.Name))
            .Concat(Floating<double>().Select(c => ("float64", c.Name)))
            .Concat(Numeric<long>().Select(c => ("int64", c.Name)));
}
