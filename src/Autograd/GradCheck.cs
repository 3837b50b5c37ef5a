using MiniTorch.Tensors;

namespace MiniTorch;

/// <summary>The outcome of a passing <see cref="GradCheck.Check"/>.</summary>
/// <param name="JacobianEntries">How many (input element, output element) pairs were compared.</param>
/// <param name="MaxAbsError">The largest |analytic - numeric| over them.</param>
public sealed record GradCheckResult(int JacobianEntries, double MaxAbsError);

/// <summary>One Jacobian entry where backward and finite differences disagree.</summary>
/// <param name="InputIndex">Which input (position in the array given to the check).</param>
/// <param name="InputElement">Row-major element index within that input.</param>
/// <param name="OutputElement">Row-major element index within the output.</param>
/// <param name="Analytic">The Jacobian entry backward produced.</param>
/// <param name="Numeric">The central-difference estimate.</param>
public sealed record GradCheckMismatch(int InputIndex, int InputElement, int OutputElement, double Analytic, double Numeric);

/// <summary>Raised by <see cref="GradCheck.Check"/>; <see cref="Worst"/> is the entry furthest outside the tolerance.</summary>
public sealed class GradCheckException(GradCheckMismatch worst, int mismatches, string message) : Exception(message)
{
    public GradCheckMismatch Worst { get; } = worst;
    public int Mismatches { get; } = mismatches;
}

/// <summary>
/// Compares autograd's gradients with float64 central differences, like
/// <c>torch.autograd.gradcheck</c> in its default (full Jacobian) mode.
/// </summary>
/// <remarks>
/// Analytic side: one backward pass per output element, seeded with that element's one-hot
/// vector (the graph is kept with <c>retainGraph</c>), which gives one row of the Jacobian for
/// every input at once. Numeric side: each element of each input that requires grad is moved by
/// ±eps in place and <c>f</c> is re-run under NoGrad: column (f(x+eps) - f(x-eps)) / 2eps. Every entry must
/// satisfy |analytic - numeric| ≤ atol + rtol·|numeric|. Inputs may be strided views, but not
/// views whose elements alias one storage slot (stride 0 over a dim of size &gt; 1): perturbing one
/// slot would move several elements, so such inputs are refused, as PyTorch does.
/// </remarks>
public static class GradCheck
{
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++) CheckInput(inputs[i], i);

        var savedGrads = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) (savedGrads[i], inputs[i].Grad) = (inputs[i].Grad, null);
        try
        {
            var output = f(inputs);
            if (output.DType != DType.Float64)
                throw new ArgumentException($"gradcheck expects a float64 output, got {output.DType.Name()} of shape {ShapeUtil.Format(output.Shape)}");
            var analytic = AnalyticJacobian(output, inputs);
            return Compare(f, inputs, output.Numel, analytic, eps, atol, rtol);
        }
        finally
        {
            for (int i = 0; i < inputs.Length; i++) inputs[i].Grad = savedGrads[i];
        }
    }

    private static void CheckInput(Tensor input, int index)
    {
        if (!input.RequiresGrad) return;
        if (input.DType != DType.Float64)
            throw new ArgumentException($"gradcheck: input {index} requires grad and is not a double precision floating point tensor ({input.DType.Name()} of shape {ShapeUtil.Format(input.Shape)})");
        if (!input.IsLeaf)
            throw new ArgumentException($"gradcheck: input {index} (shape {ShapeUtil.Format(input.Shape)}) must be a leaf so that its gradient can be read");
        var shape = input.Shape;
        var strides = input.Data.Strides;
        for (int d = 0; d < shape.Length; d++)
            if (strides[d] == 0 && shape[d] > 1)
                throw new ArgumentException($"gradcheck: input {index} of shape {ShapeUtil.Format(shape)} has overlapping memory (strides {ShapeUtil.Format(strides)}); pass the un-expanded tensor and expand inside f");
    }

    /// <summary>jacobian[i][k, j] = d output[j] / d input_i[k], one backward per output element j.</summary>
    private static double[][,] AnalyticJacobian(Tensor output, Tensor[] inputs)
    {
        int m = output.Numel;
        var jacobian = new double[inputs.Length][,];
        for (int i = 0; i < inputs.Length; i++) jacobian[i] = new double[inputs[i].Numel, m];
        if (!output.RequiresGrad) return jacobian; // nothing flows back: every analytic entry is 0
        for (int j = 0; j < m; j++)
        {
            var seed = new double[m];
            seed[j] = 1;
            foreach (var x in inputs) x.Grad = null;
            output.Backward(new Tensor(TensorData.FromArray(seed, output.Data.ShapeArray())), retainGraph: true);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].Grad is not { } g) continue;
                var values = g.ToDoubleArray();
                for (int k = 0; k < values.Length; k++) jacobian[i][k, j] = values[k];
            }
        }
        return jacobian;
    }

    private static GradCheckResult Compare(Func<Tensor[], Tensor> f, Tensor[] inputs, int m, double[][,] analytic, double eps, double atol, double rtol)
    {
        GradCheckMismatch? worst = null;
        double worstExcess = 0, maxAbs = 0;
        int entries = 0, mismatches = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            if (!x.RequiresGrad) continue;
            var storage = x.Data.Storage.AsSpan<double>();
            var index = new int[x.Rank];
            for (int k = 0; k < x.Numel; k++)
            {
                int slot = x.Data.OffsetOf(index);
                double original = storage[slot];
                storage[slot] = original + eps;
                var plus = Evaluate(f, inputs);
                x.Data.Storage.AsSpan<double>()[slot] = original - eps;
                var minus = Evaluate(f, inputs);
                x.Data.Storage.AsSpan<double>()[slot] = original;
                for (int j = 0; j < m; j++)
                {
                    double numeric = (plus[j] - minus[j]) / (2 * eps), a = analytic[i][k, j];
                    double error = Math.Abs(a - numeric), excess = error - (atol + rtol * Math.Abs(numeric));
                    entries++;
                    if (!(error <= maxAbs)) maxAbs = error;
                    if (excess > 0 || double.IsNaN(excess))
                    {
                        mismatches++;
                        if (worst is null || excess > worstExcess || double.IsNaN(excess)) (worst, worstExcess) = (new GradCheckMismatch(i, k, j, a, numeric), excess);
                    }
                }
                Advance(index, x.Shape);
            }
        }
        if (worst != null)
            throw new GradCheckException(worst, mismatches,
                $"Jacobian mismatch for output element {worst.OutputElement} with respect to input {worst.InputIndex} " +
                $"(shape {ShapeUtil.Format(inputs[worst.InputIndex].Shape)}), element {worst.InputElement}: analytic {worst.Analytic:R} vs numeric {worst.Numeric:R} " +
                $"(tolerance atol {atol} + rtol {rtol}·|numeric|; {mismatches} of {entries} entries differ)");
        return new GradCheckResult(entries, maxAbs);
    }

    private static double[] Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        using (Torch.NoGrad()) return f(inputs).ToDoubleArray();
    }

    private static void Advance(int[] index, ReadOnlySpan<int> shape)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }
}
