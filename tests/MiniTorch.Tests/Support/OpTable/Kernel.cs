using System.Numerics;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

namespace MiniTorch.Tests.Support;

/// <summary>Which loop template a kernel run uses, and which operands are broadcast scalars.</summary>
public enum LoopForm { Unary, VectorVector, VectorScalar, ScalarVector, Ternary }

/// <summary>
/// One elementwise operator bound to its loop template, for one element type. <see cref="Reference"/>
/// is the operator's scalar Invoke, the reference semantics every vector width must reproduce.
/// </summary>
public abstract class KernelCase<T> where T : struct
{
    public abstract IReadOnlyList<LoopForm> Forms { get; }

    /// <summary>Runs the loop template for <paramref name="form"/>; a scalar operand is element 0 of its array.</summary>
    public abstract void Run(LoopForm form, T[][] inputs, Span<T> destination);

    public abstract T Reference(ReadOnlySpan<T> args);

    public static bool IsScalarOperand(LoopForm form, int operand) =>
        (form == LoopForm.VectorScalar && operand == 1) || (form == LoopForm.ScalarVector && operand == 0);

    public static int Arity(LoopForm form) => form switch { LoopForm.Unary => 1, LoopForm.Ternary => 3, _ => 2 };
}

public sealed class UnaryKernelCase<T, TOp> : KernelCase<T> where T : struct where TOp : IUnaryOperator<T>
{
    public override IReadOnlyList<LoopForm> Forms => [LoopForm.Unary];
    public override void Run(LoopForm form, T[][] inputs, Span<T> destination) => ElementwiseLoops.Unary<T, TOp>(inputs[0], destination);
    public override T Reference(ReadOnlySpan<T> args) => TOp.Invoke(args[0]);
}

public sealed class BinaryKernelCase<T, TOp> : KernelCase<T> where T : struct where TOp : IBinaryOperator<T>
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

public sealed class TernaryKernelCase<T, TOp> : KernelCase<T> where T : struct where TOp : ITernaryOperator<T>
{
    public override IReadOnlyList<LoopForm> Forms => [LoopForm.Ternary];
    public override void Run(LoopForm form, T[][] inputs, Span<T> destination) => ElementwiseLoops.Ternary<T, TOp>(inputs[0], inputs[1], inputs[2], destination);
    public override T Reference(ReadOnlySpan<T> args) => TOp.Invoke(args[0], args[1], args[2]);
}

/// <summary>
/// An op's elementwise operator in every element type it supports (float32, float64 and, for
/// the integer-safe ones, int64), and the operand values its kernel tests feed it. Built from
/// the closed operator types, e.g. <c>Kernel.Unary&lt;ExpOperator&lt;float&gt;, ExpOperator&lt;double&gt;&gt;()</c>.
/// </summary>
public sealed record Kernel
{
    public required KernelCase<float> Float32 { get; init; }
    public required KernelCase<double> Float64 { get; init; }
    public KernelCase<long>? Int64 { get; init; }

    /// <summary>Floating operand values; int64 operands always come from <see cref="KernelValues.Int64"/>.</summary>
    public OperandSource Values { get; init; } = KernelValues.Arithmetic;

    /// <summary>The element types this kernel is tested in.</summary>
    public IEnumerable<DType> DTypes => Int64 is null ? [DType.Float32, DType.Float64] : [DType.Float32, DType.Float64, DType.Int64];

    public float Invoke(float x) => Float32.Reference([x]);
    public double Invoke(double x) => Float64.Reference([x]);
    public float Invoke(float a, float b) => Float32.Reference([a, b]);
    public double Invoke(double a, double b) => Float64.Reference([a, b]);

    /// <summary>The vector loop over a whole span (unary kernels); <paramref name="destination"/> may be <paramref name="x"/>.</summary>
    public void Run(float[] x, Span<float> destination) => Float32.Run(LoopForm.Unary, [x], destination);
    public void Run(double[] x, Span<double> destination) => Float64.Run(LoopForm.Unary, [x], destination);

    public static Kernel Unary<TF, TD>(OperandSource? values = null)
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> =>
        new() { Float32 = new UnaryKernelCase<float, TF>(), Float64 = new UnaryKernelCase<double, TD>(), Values = values ?? KernelValues.Arithmetic };

    public static Kernel Unary<TF, TD, TL>()
        where TF : IUnaryOperator<float> where TD : IUnaryOperator<double> where TL : IUnaryOperator<long> =>
        Unary<TF, TD>() with { Int64 = new UnaryKernelCase<long, TL>() };

    public static Kernel Binary<TF, TD>(OperandSource? values = null)
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> =>
        new() { Float32 = new BinaryKernelCase<float, TF>(), Float64 = new BinaryKernelCase<double, TD>(), Values = values ?? KernelValues.Arithmetic };

    public static Kernel Binary<TF, TD, TL>()
        where TF : IBinaryOperator<float> where TD : IBinaryOperator<double> where TL : IBinaryOperator<long> =>
        Binary<TF, TD>() with { Int64 = new BinaryKernelCase<long, TL>() };

    public static Kernel Ternary<TF, TD>(OperandSource? values = null)
        where TF : ITernaryOperator<float> where TD : ITernaryOperator<double> =>
        new() { Float32 = new TernaryKernelCase<float, TF>(), Float64 = new TernaryKernelCase<double, TD>(), Values = values ?? KernelValues.Arithmetic };
}
