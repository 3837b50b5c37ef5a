using FsCheck;
using FsCheck.Fluent;
using MiniTorch.Tensors;
using MiniTorch.Tests.Support;

namespace MiniTorch.Tests.Tensors.Indexing;

/// <summary>An indexing input: self, a dim, an int64 index tensor and (for the adds) a source.</summary>
public sealed record IndexCase(TensorData Self, int Dim, TensorData Index, TensorData? Source)
{
    public override string ToString() =>
        $"self {Describe(Self)} dim {Dim} index {Describe(Index)}{(Source == null ? "" : $" source {Describe(Source)}")}";

    public static string Describe(TensorData t) =>
        $"{t.DType.Name()} {ShapeUtil.Format(t.Shape)} strides {ShapeUtil.Format(t.Strides)} [{string.Join(", ", t.ToDoubleArray())}]";
}

/// <summary>Generators of indexing inputs: strided self, in-bounds int64 indices, matching sources.</summary>
public static class IndexingGenerators
{
    public static Gen<DType> NumericDType() => Gen.Elements(DType.Float32, DType.Float64, DType.Int64);

    /// <summary>An int64 tensor of <paramref name="shape"/> with values in [0, size), laid out strided.</summary>
    public static Gen<TensorData> IndexTensor(int[] shape, int size) =>
        Generators.StridedTensor(shape, DType.Int64, Gen.Choose(0, Math.Max(size - 1, 0)).Select(i => (double)i));

    /// <summary>A tensor that in-place ops may write: contiguous, transposed, or a step-2 slice.</summary>
    public static Gen<TensorData> WritableTensor(int[] shape, DType dtype) =>
        Gen.Choose(0, 2).SelectMany(kind =>
        {
            if (kind == 1 && shape.Length >= 2)
            {
                var swapped = (int[])shape.Clone();
                (swapped[0], swapped[^1]) = (swapped[^1], swapped[0]);
                return Generators.Tensor(swapped, dtype).Select(t => t.Transpose(0, shape.Length - 1));
            }
            if (kind == 2 && shape.Length >= 1)
            {
                var big = (int[])shape.Clone();
                big[0] = shape[0] * 2;
                return Generators.Tensor(big, dtype).Select(t => t.Slice(0, 0, big[0], 2));
            }
            return Generators.Tensor(shape, dtype);
        });

    /// <summary>gather / scatter_add inputs: index no larger than self off the dim (and than source everywhere).</summary>
    public static Arbitrary<IndexCase> ScatterGather(bool withSource, bool writableSelf) =>
        NumericDType().SelectMany(dtype =>
            Generators.NonEmptyShape(3, 4).Where(s => s.Length > 0).SelectMany(shape =>
                Gen.Choose(0, shape.Length - 1).SelectMany(dim =>
                    Gen.ArrayOf(Gen.Choose(0, 4), shape.Length).SelectMany(raw =>
                    {
                        var indexShape = raw.Select((r, d) => d == dim ? r : Math.Min(r, shape[d])).ToArray();
                        var self = writableSelf ? WritableTensor(shape, dtype) : Generators.StridedTensor(shape, dtype);
                        return self.SelectMany(s => IndexTensor(indexShape, shape[dim]).SelectMany(index =>
                        {
                            if (!withSource) return Gen.Constant(new IndexCase(s, dim, index, null));
                            return Gen.ArrayOf(Gen.Choose(0, 2), shape.Length).SelectMany(extra =>
                                Generators.StridedTensor(indexShape.Select((n, d) => n + extra[d]).ToArray(), dtype)
                                    .Select(source => new IndexCase(s, dim, index, source)));
                        }));
                    }))))
        .ToArbitrary();

    /// <summary>index_select / index_add inputs: a 1-d index (repeats allowed) and a matching source.</summary>
    public static Arbitrary<IndexCase> VectorIndex(bool withSource) =>
        NumericDType().SelectMany(dtype =>
            Generators.NonEmptyShape(3, 4).Where(s => s.Length > 0).SelectMany(shape =>
                Gen.Choose(0, shape.Length - 1).SelectMany(dim =>
                    Gen.Choose(0, 6).SelectMany(count =>
                    {
                        var self = withSource ? WritableTensor(shape, dtype) : Generators.StridedTensor(shape, dtype);
                        return self.SelectMany(s => IndexTensor([count], shape[dim]).SelectMany(index =>
                        {
                            if (!withSource) return Gen.Constant(new IndexCase(s, dim, index, null));
                            var sourceShape = (int[])shape.Clone();
                            sourceShape[dim] = count;
                            return Generators.StridedTensor(sourceShape, dtype).Select(source => new IndexCase(s, dim, index, source));
                        }));
                    }))))
        .ToArbitrary();
}
