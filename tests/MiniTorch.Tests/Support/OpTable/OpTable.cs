namespace MiniTorch.Tests.Support;

/// <summary>
/// The op table: one row per op, naming each face the suite tests (elementwise kernel, TensorData
/// forward, reduction, float64 gradient). It drives the kernel tests (every length 0..256 against
/// the scalar reference, out of place and in place; LoopTemplateTests), the forward tests on
/// strided layouts (StridedLayoutTests, ReductionPropertyTests), the ulp sweeps of the
/// transcendentals and the gradient checks (GradCheckProperties). Adding an op is adding one row
/// to the partial file of its family.
/// </summary>
public static partial class OpTable
{
    public static readonly IReadOnlyList<Op> All = Validated([.. Arithmetic(), .. Comparisons(), .. Transcendentals(), .. Derivatives(), .. Reductions(), .. Shapes(), .. Layers()]);

    private static readonly Dictionary<string, Op> ByName = All.ToDictionary(op => op.Name);

    public static Op Get(string name) => ByName[name];

    /// <summary>The kernel of <paramref name="name"/>, which must have one.</summary>
    public static Kernel KernelOf(string name) => Get(name).Kernel ?? throw new ArgumentException($"op {name} has no kernel", nameof(name));

    /// <summary>The rows, once checked: distinct names (tests look rows up by name), and no row that tests nothing.</summary>
    private static Op[] Validated(Op[] ops)
    {
        var repeated = ops.GroupBy(op => op.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0) throw new InvalidOperationException("op table rows must have distinct names: " + string.Join(", ", repeated));
        var empty = ops.Where(op => !op.HasAFace).Select(op => op.Name).ToArray();
        if (empty.Length > 0) throw new InvalidOperationException("op table rows must name a kernel, a forward, a reduction or a gradient: " + string.Join(", ", empty));
        return ops;
    }
}
