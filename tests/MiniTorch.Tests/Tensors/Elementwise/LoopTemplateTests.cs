using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Property (a): every loop template, with every operator of the op table, equals the operator's
/// scalar Invoke element for element, at every length 0..256 (covering each vector width's body,
/// its overlapping tail and the scalar loop) and at random larger lengths; out of place and in
/// place (the destination is one of the input spans).
/// </summary>
public class LoopTemplateTests
{
    public static TheoryData<string, string> Rows() => new(KernelTable.Rows().Select(r => (r.dtype, r.op)));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Kernel_MatchesScalarInvoke_AtEveryLengthUpTo256_OutOfPlaceAndInPlace(string dtype, string op)
    {
        for (int length = 0; length <= 256; length++)
        {
            string? failure = Check(dtype, op, length, seed: length * 7919 + op.Length);
            Assert.True(failure == null, failure);
        }
    }

    [Property(MaxTest = 60)]
    public Property Kernel_MatchesScalarInvoke_AtRandomLargerLengths() =>
        Prop.ForAll(
            Gen.Elements(KernelTable.Rows().ToArray()).ToArbitrary(),
            Gen.Choose(257, 20_000).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (row, length, seed) => Check(row.dtype, row.op, length, seed) is null);

    private static string? Check(string dtype, string op, int length, int seed) => dtype switch
    {
        "float32" => Check(KernelTable.Floating<float>().Single(c => c.Name == op), length, seed, KernelValues.Floating<float>),
        "float64" => Check(KernelTable.Floating<double>().Single(c => c.Name == op), length, seed, KernelValues.Floating<double>),
        _ => Check(KernelTable.Numeric<long>().Single(c => c.Name == op), length, seed, KernelValues.Int64),
    };

    /// <summary>Null when every form, out of place and in place into each vector input, matches; else a description.</summary>
    private static string? Check<T>(KernelCase<T> kernel, int length, int seed, Func<System.Random, int, T[]> values)
        where T : struct, INumberBase<T>
    {
        var rng = new System.Random(seed);
        foreach (var form in kernel.Forms)
        {
            int arity = KernelCase<T>.Arity(form);
            var inputs = new T[arity][];
            for (int k = 0; k < arity; k++) inputs[k] = values(rng, KernelCase<T>.IsScalarOperand(form, k) ? 1 : length);

            var expected = new T[length];
            var args = new T[arity];
            for (int i = 0; i < length; i++)
            {
                for (int k = 0; k < arity; k++) args[k] = inputs[k].Length == length ? inputs[k][i] : inputs[k][0];
                expected[i] = kernel.Reference(args);
            }

            var destination = values(rng, length); // arbitrary prior contents must be overwritten
            kernel.Run(form, inputs, destination);
            if (Mismatch(expected, destination) is string outOfPlace)
                return $"{typeof(T).Name} {kernel.Name} {form} length {length}, out of place: {outOfPlace}";

            for (int alias = 0; alias < arity; alias++)
            {
                if (KernelCase<T>.IsScalarOperand(form, alias)) continue;
                var copies = inputs.Select(a => (T[])a.Clone()).ToArray();
                kernel.Run(form, copies, copies[alias]);
                if (Mismatch(expected, copies[alias]) is string inPlace)
                    return $"{typeof(T).Name} {kernel.Name} {form} length {length}, in place into operand {alias}: {inPlace}";
            }
        }
        return null;
    }

    private static string? Mismatch<T>(T[] expected, T[] actual) where T : struct, INumberBase<T>
    {
        for (int i = 0; i < expected.Length; i++)
            if (!KernelValues.Same(expected[i], actual[i]))
                return $"element {i}: expected {expected[i]}, got {actual[i]}";
        return null;
    }
}
