using System.Numerics;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Tensors.Kernels.Pooling;

/// <summary>
/// Max and average pooling and their gradients over contiguous planes. Planes are independent,
/// so they are spread over threads; each plane is done by one thread in a fixed order.
/// </summary>
internal static unsafe class PoolingKernels<T> where T : unmanaged, INumber<T>
{
    /// <summary>Window elements per thread below which pooling stays on one thread.</summary>
    private const double MinWorkPerThread = 32 * 1024;

    public static void MaxForward(PoolGeometry g, T* input, T* output, long* indices, int threads)
    {
        if (typeof(T) == typeof(float) && MaxPool2x2.Handles(g))
            MaxPool2x2.Forward(g, (float*)input, (float*)output, indices, PartsFor(g, threads));
        else RunPlanes(g, new MaxForwardBody(g, input, output, indices), threads);
    }

    public static void MaxBackward(PoolGeometry g, T* gradOutput, long* indices, T* gradInput, int threads) =>
        RunPlanes(g, new MaxBackwardBody(g, gradOutput, indices, gradInput), threads);

    public static void AvgForward(PoolGeometry g, T* input, T* output, int threads) =>
        RunPlanes(g, new AvgForwardBody(g, input, output), threads);

    public static void AvgBackward(PoolGeometry g, T* gradOutput, T* gradInput, int threads) =>
        RunPlanes(g, new AvgBackwardBody(g, gradOutput, gradInput), threads);

    private static void RunPlanes<TBody>(in PoolGeometry g, in TBody body, int threads) where TBody : struct, IParallelBody =>
        Threading.For(g.Planes, body, PartsFor(g, threads));

    private static int PartsFor(in PoolGeometry g, int threads) => Threading.PartsFor(g.Work, MinWorkPerThread, threads, g.Planes);

    /// <summary>
    /// count_include_pad: the divisor is the window clipped to the padded input, which with
    /// ceil_mode off is always the full kernel area.
    /// </summary>
    private static T Divisor(in PoolGeometry g) => T.CreateChecked(g.KernelH * g.KernelW);

    private readonly struct MaxForwardBody(PoolGeometry g, T* input, T* output, long* indices) : IParallelBody
    {
        public void Invoke(int plane)
        {
            T* x = input + (nint)plane * g.InPlane;
            T* y = output + (nint)plane * g.OutPlane;
            long* idx = indices + (nint)plane * g.OutPlane;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (h0, h1) = g.Rows(oh);
                for (int ow = 0; ow < g.OutW; ow++, y++, idx++)
                {
                    var (w0, w1) = g.Columns(ow);
                    // As PyTorch: start at -inf on the first in-bounds pixel; a NaN wins and a later NaN replaces it.
                    T best = T.CreateChecked(double.NegativeInfinity);
                    int bestIndex = h0 * g.Width + w0;
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = w0; w < w1; w++)
                        {
                            T v = x[h * g.Width + w];
                            if (v > best || T.IsNaN(v))
                            {
                                best = v;
                                bestIndex = h * g.Width + w;
                            }
                        }
                    }
                    *y = best;
                    *idx = bestIndex;
                }
            }
        }
    }

    private readonly struct MaxBackwardBody(PoolGeometry g, T* gradOutput, long* indices, T* gradInput) : IParallelBody
    {
        public void Invoke(int plane)
        {
            T* dy = gradOutput + (nint)plane * g.OutPlane;
            long* idx = indices + (nint)plane * g.OutPlane;
            T* dx = gradInput + (nint)plane * g.InPlane;
            for (int i = 0; i < g.OutPlane; i++)
            {
                long at = idx[i];
                if ((ulong)at >= (ulong)g.InPlane)
                    throw new ArgumentException($"max_pool2d_backward: index {at} is outside the input plane of {g.Height}x{g.Width}");
                dx[at] += dy[i];
            }
        }
    }

    private readonly struct AvgForwardBody(PoolGeometry g, T* input, T* output) : IParallelBody
    {
        public void Invoke(int plane)
        {
            T* x = input + (nint)plane * g.InPlane;
            T* y = output + (nint)plane * g.OutPlane;
            T divisor = Divisor(g);
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (h0, h1) = g.Rows(oh);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (w0, w1) = g.Columns(ow);
                    T sum = T.Zero;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) sum += x[h * g.Width + w];
                    *y++ = sum / divisor;
                }
            }
        }
    }

    private readonly struct AvgBackwardBody(PoolGeometry g, T* gradOutput, T* gradInput) : IParallelBody
    {
        public void Invoke(int plane)
        {
            T* dy = gradOutput + (nint)plane * g.OutPlane;
            T* dx = gradInput + (nint)plane * g.InPlane;
            T divisor = Divisor(g);
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (h0, h1) = g.Rows(oh);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (w0, w1) = g.Columns(ow);
                    T share = *dy++ / divisor;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) dx[h * g.Width + w] += share;
                }
            }
        }
    }
}
