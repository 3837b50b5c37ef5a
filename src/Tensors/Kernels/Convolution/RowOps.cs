using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels.Convolution;

/// <summary>
/// Inlined copy, zero and add of short contiguous rows (a few dozen elements: one output row of a
/// convolution). A library call per row costs more than the row itself at these lengths, so each
/// operation and the width choice inline into the caller.
/// </summary>
internal static unsafe class RowOps<T> where T : unmanaged, INumber<T>
{
    /// <summary>destination[0..n) = source[0..n); the ranges must not overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(T* source, T* destination, int n)
    {
        var row = new CopyRow(source, destination, n);
        LaneWidth.Run<T, CopyRow>(ref row, (nuint)n);
    }

    /// <summary>destination[0..n) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(T* destination, int n)
    {
        var row = new ClearRow(destination, n);
        LaneWidth.Run<T, ClearRow>(ref row, (nuint)n);
    }

    /// <summary>destination[0..n) += source[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(T* source, T* destination, int n)
    {
        var row = new AddRow(source, destination, n);
        LaneWidth.Run<T, AddRow>(ref row);
    }

    // Copy and Clear: whole vectors, then one last vector ending at n (it may overlap the previous one).

    private readonly struct CopyRow(T* source, T* destination, int n) : ILaneKernel<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            int w = TL.Count, last = n - w;
            if (last < 0) return;
            for (int i = 0; i < last; i += w) TL.Store(TL.Load(source + i), destination + i);
            TL.Store(TL.Load(source + last), destination + last);
        }
    }

    private readonly struct ClearRow(T* destination, int n) : ILaneKernel<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            int w = TL.Count, last = n - w;
            if (last < 0) return;
            for (int i = 0; i < last; i += w) TL.Store(TL.Zero, destination + i);
            TL.Store(TL.Zero, destination + last);
        }
    }

    /// <summary>Whole vectors at the machine's width, then the rest one by one (an overlap would add twice).</summary>
    private readonly struct AddRow(T* source, T* destination, int n) : ILaneKernel<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TL>() where TL : struct, ILane<TL, T>
        {
            int i = 0, w = TL.Count;
            for (; i <= n - w; i += w) TL.Store(TL.Load(destination + i) + TL.Load(source + i), destination + i);
            for (; i < n; i++) destination[i] += source[i];
        }
    }
}
