using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Elementwise;

/// <summary>
/// Every kernel of the op table (arithmetic and transcendental alike), through every loop template
/// it supports, equals the operator's scalar Invoke element for element (NaN payloads aside), at
/// every length 0..256 (covering each vector width's body, its overlapping tail and the scalar
/// loop) and at random larger lengths; out of place and in place (the destination is one of the
/// input spans).
/// </summary>
public class LoopTemplateTests
{
    private static IEnumerable<(DType DType, Op Op)> KernelRows() =>
        OpTable.All.Where(op => op.Kernel != null).SelectMany(op => op.Kernel!.DTypes.Select(dtype => (dtype, op)));

    public static IEnumerable<TheoryDataRow<DType, string>> Rows() =>
        KernelRows().Select(r => new TheoryDataRow<DType, string>(r.DType, r.Op.Name) { TestDisplayName = $"{r.DType.Name()} {r.Op.Name} kernel matches its scalar Invoke at every length up to 256" });

    public static TheoryData<DType> DTypes() => [DType.Float32, DType.Float64, DType.Int64];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Kernel_MatchesScalarInvoke_AtEveryLengthUpTo256_OutOfPlaceAndInPlace(DType dtype, string op)
    {
        for (int length = 0; length <= 256; length++)
        {
            string? failure = Check(dtype, OpTable.KernelOf(op), length, seed: length * 7919 + op.Length);
            Assert.True(failure == null, $"{op}: {failure}");
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Kernel_MatchesScalarInvoke_AtRandomLargerLengths(DType dtype)
    {
        var kernels = KernelRows().Where(r => r.DType == dtype).Select(r => r.Op).ToArray();
        var property = Prop.ForAll(
            Gen.Elements(kernels).ToArbitrary(),
            Gen.Choose(257, 20_000).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (op, length, seed) => (Check(dtype, op.Kernel!, length, seed) is null).Label($"{dtype.Name()} {op} length {length} seed {seed}"));
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), property);
    }

    private static string? Check(DType dtype, Kernel kernel, int length, int seed) => dtype switch
    {
        DType.Float32 => Check(kernel.Float32, length, seed, (rng, k, n) => KernelValues.From<float>(kernel.Values(rng, k, n))),
        DType.Float64 => Check(kernel.Float64, length, seed, (rng, k, n) => kernel.Values(rng, k, n)),
        _ => Check(kernel.Int64!, length, seed, (rng, _, n) => KernelValues.Int64(rng, n)),
    };

    /// <summary>Null when every form, out of place and in place into each vector input, matches; else a description.</summary>
    private static string? Check<T>(KernelCase<T> kernel, int length, int seed, Func<System.Random, int, int, T[]> values)
        where T : struct, INumberBase<T>
    {
        var rng = new System.Random(seed);
        foreach (var form in kernel.Forms)
        {
            int arity = KernelCase<T>.Arity(form);
            var inputs = new T[arity][];
            for (int k = 0; k < arity; k++) inputs[k] = values(rng, k, KernelCase<T>.IsScalarOperand(form, k) ? 1 : length);

            var expected = new T[length];
            var args = new T[arity];
            for (int i = 0; i < length; i++)
            {
                for (int k = 0; k < arity; k++) args[k] = inputs[k].Length == length ? inputs[k][i] : inputs[k][0];
                expected[i] = kernel.Reference(args);
            }

            var destination = values(rng, 0, length); // arbitrary prior contents must be overwritten
            kernel.Run(form, inputs, destination);
            if (Mismatch(expected, destination) is string outOfPlace)
                return $"{typeof(T).Name} {form} length {length}, out of place: {outOfPlace}";

            for (int alias = 0; alias < arity; alias++)
            {
                if (KernelCase<T>.IsScalarOperand(form, alias)) continue;
                var copies = inputs.Select(a => (T[])a.Clone()).ToArray();
                kernel.Run(form, copies, copies[alias]);
                if (Mismatch(expected, copies[alias]) is string inPlace)
                    return $"{typeof(T).Name} {form} length {length}, in place into operand {alias}: {inPlace}";
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
