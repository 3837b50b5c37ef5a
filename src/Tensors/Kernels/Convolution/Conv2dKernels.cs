using System.Numerics;
using System.Runtime.InteropServices;
using MiniTorch.Tensors.Kernels.Gemm;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Convolution;

/// <summary>
/// Conv2d forward, input gradient and weight gradient on contiguous [N, C, H, W] data, each as
/// one matrix product per (image, group) on the unfolded input (im2col). A pointwise convolution
/// (1x1, stride 1, no padding) multiplies the input planes directly.
/// </summary>
/// <remarks>
/// Work is spread over (image, group) items, one thread per item, when there are enough of them;
/// otherwise each item's product is split across the threads. Either way every output element is
/// computed by the same operations, so results do not depend on the thread count.
/// </remarks>
internal static unsafe class Conv2dKernels<T> where T : unmanaged, INumber<T>
{
    /// <summary>Images per weight-gradient chunk are chosen so there are at most this many chunks.</summary>
    private const int MaxWeightChunks = 8;

    /// <summary>output [N, O, outH, outW] = conv(input, weight) + bias (bias may be null).</summary>
    public static void Forward(ConvGeometry g, T* input, T* weight, T* bias, T* output, int threads)
    {
        var body = new ForwardBody(g, input, weight, bias, output);
        RunItems(g, g.Batch * g.Groups, ref body, threads);
    }

    /// <summary>gradInput [N, C, H, W] (overwritten) from gradOutput [N, O, outH, outW].</summary>
    public static void BackwardInput(ConvGeometry g, T* gradOutput, T* weight, T* gradInput, int threads)
    {
        var body = new BackwardInputBody(g, gradOutput, weight, gradInput);
        RunItems(g, g.Batch * g.Groups, ref body, threads);
    }

    /// <summary>
    /// gradWeight [O, Cg, kH, kW] (overwritten) = sum over images of gradOutput x unfolded input.
    /// Each group's sum is built transposed, [K, Og] = columns [K, P] x gradOutput^T [P, Og], so
    /// the large unfolded input is read in place and only the small gradOutput block is packed.
    /// The images are cut into a fixed number of chunks (it depends on N only); each chunk sums its
    /// images in order into its own buffer and the chunk sums are added in order at the end, so the
    /// result is the same for every thread count.
    /// </summary>
    public static void BackwardWeight(ConvGeometry g, T* gradOutput, T* input, T* gradWeight, int threads)
    {
        int weightSize = g.OutChannels * g.K;
        int chunks = Math.Max(1, Math.Min(MaxWeightChunks, g.Batch));
        T* partials = (T*)NativeMemory.Alloc((nuint)chunks * (nuint)weightSize, (nuint)sizeof(T));
        try
        {
            var body = new BackwardWeightBody(g, gradOutput, input, partials, chunks, UseRowDots(g));
            RunItems(g, chunks * g.Groups, ref body, threads);
            // gradWeight[group][o, kk] = sum over chunks, in order, of partial[chunk][group][kk, o].
            int og = g.GroupOutChannels;
            for (int group = 0; group < g.Groups; group++)
                for (int o = 0; o < og; o++)
                {
                    T* dw = gradWeight + ((nint)group * og + o) * g.K;
                    for (int kk = 0; kk < g.K; kk++)
                    {
                        T* part = partials + (nint)group * og * g.K + (nint)kk * og + o;
                        T sum = part[0];
                        for (int c = 1; c < chunks; c++) sum += part[(nint)c * weightSize];
                        dw[kk] = sum;
                    }
                }
        }
        finally
        {
            NativeMemory.Free(partials);
        }
    }

    /// <summary>
    /// True when the weight gradient is so small that the GEMM's tiles would be mostly padding
    /// (conv1 of an MNIST net: a 9 x 16 result per image, 28% of two 8x32 tiles): row dot
    /// products over the output pixels do it then.
    /// </summary>
    private static bool UseRowDots(in ConvGeometry g)
    {
        var (mr, nr, _, _, _) = GemmDispatch.Blocking<T>();
        int k = g.K, og = g.GroupOutChannels;
        double gemm = (double)k * og / ((k + mr - 1) / mr * mr * ((og + nr - 1) / nr * nr));
        return gemm < 0.5 && RowDots.Efficiency(k, og) > gemm;
    }

    private interface IItem : IParallelBody
    {
        void Run(int item, int threads);
    }

    /// <summary>Runs the items one per thread when they are enough, else one by one with threaded products.</summary>
    private static void RunItems<TBody>(in ConvGeometry g, int items, ref TBody body, int threads) where TBody : struct, IItem
    {
        if (items == 0) return;
        int parts = Threading.PartsFor(g.Work, GemmTuning.MinWorkPerThread, threads, items);
        if (parts > 1)
        {
            Threading.For(items, body, parts);
            return;
        }
        for (int i = 0; i < items; i++) body.Run(i, threads);
    }

    /// <summary>The unfolded input of one image and group, in this thread's scratch buffer (or the planes themselves).</summary>
    private static MatrixRef<T> Columns(in ConvGeometry g, T* image)
    {
        if (g.IsPointwise) return new MatrixRef<T>(image, g.K, g.P, g.P, 1);
        T* columns = PackBuffer.ForScratch.Get<T>((nint)g.K * g.P);
        Im2Col<T>.Unfold(g, image, columns);
        return new MatrixRef<T>(columns, g.K, g.P, g.P, 1);
    }

    private readonly struct ForwardBody(ConvGeometry g, T* input, T* weight, T* bias, T* output) : IItem
    {
        public void Invoke(int item) => Run(item, 1);

        public void Run(int item, int threads)
        {
            int n = item / g.Groups, group = item % g.Groups, og = g.GroupOutChannels;
            T* image = input + ((nint)n * g.InChannels + group * g.GroupInChannels) * g.InPlane;
            T* result = output + ((nint)n * g.OutChannels + group * og) * g.P;
            var columns = Columns(g, image);
            if (bias != null)
                for (int o = 0; o < og; o++) new Span<T>(result + (nint)o * g.P, g.P).Fill(bias[group * og + o]);
            var w = new MatrixRef<T>(weight + (nint)group * og * g.K, og, g.K, g.K, 1);
            GemmDispatch.Multiply(w, columns, new MatrixRef<T>(result, og, g.P, g.P, 1), bias != null, threads);
        }
    }

    private readonly struct BackwardInputBody(ConvGeometry g, T* gradOutput, T* weight, T* gradInput) : IItem
    {
        public void Invoke(int item) => Run(item, 1);

        public void Run(int item, int threads)
        {
            int n = item / g.Groups, group = item % g.Groups, og = g.GroupOutChannels;
            T* dy = gradOutput + ((nint)n * g.OutChannels + group * og) * g.P;
            T* dx = gradInput + ((nint)n * g.InChannels + group * g.GroupInChannels) * g.InPlane;
            // weight_g^T [K, Og] read through its strides.
            var wT = new MatrixRef<T>(weight + (nint)group * og * g.K, g.K, og, 1, g.K);
            var dyMatrix = new MatrixRef<T>(dy, og, g.P, g.P, 1);
            if (g.IsPointwise)
            {
                GemmDispatch.Multiply(wT, dyMatrix, new MatrixRef<T>(dx, g.K, g.P, g.P, 1), false, threads);
                return;
            }
            T* columns = PackBuffer.ForScratch.Get<T>((nint)g.K * g.P);
            GemmDispatch.Multiply(wT, dyMatrix, new MatrixRef<T>(columns, g.K, g.P, g.P, 1), false, threads);
            new Span<T>(dx, g.GroupInChannels * g.InPlane).Clear();
            Im2Col<T>.FoldAdd(g, columns, dx);
        }
    }

    private readonly struct BackwardWeightBody(ConvGeometry g, T* gradOutput, T* input, T* partials, int chunks, bool rowDots) : IItem
    {
        public void Invoke(int item) => Run(item, 1);

        public void Run(int item, int threads)
        {
            int chunk = item / g.Groups, group = item % g.Groups, og = g.GroupOutChannels;
            int first = (int)((long)g.Batch * chunk / chunks), end = (int)((long)g.Batch * (chunk + 1) / chunks);
            T* sum = partials + (nint)chunk * g.OutChannels * g.K + (nint)group * og * g.K;
            var dwT = new MatrixRef<T>(sum, g.K, og, og, 1); // [K, Og]
            if (first == end) new Span<T>(sum, g.K * og).Clear();
            for (int n = first; n < end; n++)
            {
                T* image = input + ((nint)n * g.InChannels + group * g.GroupInChannels) * g.InPlane;
                T* dy = gradOutput + ((nint)n * g.OutChannels + group * og) * g.P;
                var dyT = new MatrixRef<T>(dy, g.P, og, 1, g.P); // [P, Og]
                if (rowDots) RowDots.Multiply(Columns(g, image), dyT.Transposed, dwT, n > first);
                else GemmDispatch.Multiply(Columns(g, image), dyT, dwT, n > first, threads);
            }
        }
    }
}
