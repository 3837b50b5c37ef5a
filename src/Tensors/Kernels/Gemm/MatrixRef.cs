namespace MiniTorch.Tensors.Kernels.Gemm;

/// <summary>
/// A 2-d strided window over pinned memory: element (i, j) is at
/// <c>Data[i * RowStride + j * ColumnStride]</c>. Slicing and transposing are free.
/// </summary>
internal readonly unsafe struct MatrixRef<T>(T* data, int rows, int columns, nint rowStride, nint columnStride) where T : unmanaged
{
    public readonly T* Data = data;
    public readonly int Rows = rows;
    public readonly int Columns = columns;
    public readonly nint RowStride = rowStride;
    public readonly nint ColumnStride = columnStride;

    public T* At(int row, int column) => Data + row * RowStride + column * ColumnStride;

    public MatrixRef<T> Slice(int row, int rows, int column, int columns) =>
        new(At(row, column), rows, columns, RowStride, ColumnStride);

    public MatrixRef<T> Transposed => new(Data, Columns, Rows, ColumnStride, RowStride);
}
