using System.Globalization;
using System.Runtime.InteropServices;
using MiniTorch.Autograd.Functions;
using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;
using MiniTorch.Tensors.Kernels.Convolution;
using MiniTorch.Tensors.Kernels.Normalization;
using MiniTorch.Tensors.Kernels.Pooling;
using MiniTorch.Tensors.Parallel;

namespace MiniTorch.Benchmarks.Profiling;

/// <summary>
/// The tensor-level kernels one CNN training step calls (the shapes of
/// <see cref="Training.TrainingWorkload.Cnn"/>), each timed alone: through the public
/// <see cref="TensorData"/> call (a fresh result every time, as autograd gets it) and, where the
/// kernel can be reached, into preallocated memory. The difference is what allocating the result
/// costs; the kernel column is what storage pooling cannot remove. <c>--profile kernels 2</c>.
/// </summary>
public static unsafe class KernelProfiler
{
    public static void Run(int threads)
    {
        Threading.ThreadCount = threads;
        var rng = new Random(3);
        TensorData R(params int[] shape) => GemmBenchmarks.RandomMatrix(rng, shape);
        var x0 = R(64, 1, 28, 28);
        var w1 = R(16, 1, 3, 3);
        var b1 = R(16);
        var y1 = R(64, 16, 28, 28);
        var g1 = R(64, 16, 28, 28);
        var bnW1 = R(16);
        var x2 = R(64, 16, 14, 14);
        var w2 = R(32, 16, 3, 3);
        var b2 = R(32);
        var g2 = R(64, 32, 14, 14);
        var (_, mean1, var1) = TensorData.BatchNormTraining(y1, bnW1, b1, 1e-5);
        var (p1, idx1) = TensorData.MaxPool2d(y1, (2, 2), (2, 2), (0, 0));
        var gp1 = R(p1.ShapeArray());
        (int, int) one = (1, 1), none = (0, 0);
        var conv1 = ConvGeometry.Create(x0.Shape, w1.Shape, one, one, one, 1, "conv1");
        var conv2 = ConvGeometry.Create(x2.Shape, w2.Shape, one, one, one, 1, "conv2");
        var pool1 = PoolGeometry.Create(y1.Shape, (2, 2), (2, 2), none, "pool1");
        var bn1 = new BatchNormShape(64, 16, 28 * 28);

        // Scratch outputs for the kernel-only timings, allocated once.
        var big = new float[64 * 16 * 28 * 28];
        var big2 = new float[2 * big.Length];
        var small = new float[32 * 16 * 9];
        var stats = new float[2 * 32];
        var indices = new long[p1.Numel];

        Console.WriteLine($"CNN kernels, {threads} thread(s); kernel-only = into preallocated memory");
        Console.WriteLine("| kernel | public API us | kernel-only us |");
        Console.WriteLine("| --- | ---: | ---: |");
        fixed (float* px0 = x0.Span<float>(), pw1 = w1.Span<float>(), pb1 = b1.Span<float>(), py1 = y1.Span<float>(), pg1 = g1.Span<float>(),
               pbnW1 = bnW1.Span<float>(), px2 = x2.Span<float>(), pw2 = w2.Span<float>(), pb2 = b2.Span<float>(), pg2 = g2.Span<float>(),
               pm1 = mean1.Span<float>(), pv1 = var1.Span<float>(), pgp1 = gp1.Span<float>(), pbig = big, pbig2 = big2, psmall = small, pstats = stats)
        fixed (long* pidx = indices, pidx1 = idx1.Span<long>())
        {
            // Pointers cannot be captured by lambdas: carry them as nint.
            nint X0 = (nint)px0, W1 = (nint)pw1, B1 = (nint)pb1, Y1 = (nint)py1, G1 = (nint)pg1, BnW1 = (nint)pbnW1, X2 = (nint)px2, W2 = (nint)pw2,
                B2 = (nint)pb2, G2 = (nint)pg2, M1 = (nint)pm1, V1 = (nint)pv1, Gp1 = (nint)pgp1, Big = (nint)pbig, Big2 = (nint)pbig2, Small = (nint)psmall,
                Stats = (nint)pstats, Idx = (nint)pidx, Idx1 = (nint)pidx1;
            Row("conv1 forward 1->16 @28", () => TensorData.Conv2d(x0, w1, b1, one, one, one, 1),
                () => Conv2dKernels<float>.Forward(conv1, F(X0), F(W1), F(B1), F(Big), threads));
            Row("conv1 backward weight", () => TensorData.Conv2dBackwardWeight(g1, x0, w1.Shape, one, one, one, 1),
                () => Conv2dKernels<float>.BackwardWeight(conv1, F(G1), F(X0), F(Small), threads));
            Row("conv1 bias grad (sum 0,2,3)", () => g1.Sum([0, 2, 3]), null);
            Row("bn1 training forward", () => TensorData.BatchNormTraining(y1, bnW1, b1, 1e-5),
                () => BatchNormKernels<float>.Training(bn1, F(Y1), F(BnW1), F(B1), 1e-5, F(Big), F(Stats), F(Stats) + 32, threads));
            Row("bn1 backward", () => TensorData.BatchNormBackward(g1, y1, mean1, var1, bnW1, 1e-5, true, true, true, true),
                () => BatchNormKernels<float>.Backward(bn1, F(G1), F(Y1), F(M1), F(V1), F(BnW1), 1e-5, true, F(Big), F(Stats), F(Stats) + 32, threads));
            Row("relu1 forward", () => y1.Relu(),
                () => ElementwiseLoops.Unary<float, ReluOperator<float>>(y1.Span<float>(), big));
            Row("relu1 backward", () => TensorData.Zip<Relu.Derivative<float>, Relu.Derivative<double>>(g1, y1),
                () => ElementwiseLoops.Binary<float, Relu.Derivative<float>>(g1.Span<float>(), y1.Span<float>(), big));
            if (threads > 1)
                Row($"relu1 backward, split over {threads} threads", () => 0,
                    () => ParallelElementwise.TryBinary<float, Relu.Derivative<float>>(g1.Span<float>(), y1.Span<float>(), big, threads));
            Row("maxpool1 forward", () => TensorData.MaxPool2d(y1, (2, 2), (2, 2), none),
                () => PoolingKernels<float>.MaxForward(pool1, F(Y1), F(Big), (long*)Idx, threads));
            Row("maxpool1 backward", () => TensorData.MaxPool2dBackward(gp1, idx1, y1.Shape),
                () =>
                {
                    new Span<float>(F(Big), big.Length).Clear();
                    PoolingKernels<float>.MaxBackward(pool1, F(Gp1), (long*)Idx1, F(Big), threads);
                });
            Row("conv2 forward 16->32 @14", () => TensorData.Conv2d(x2, w2, b2, one, one, one, 1),
                () => Conv2dKernels<float>.Forward(conv2, F(X2), F(W2), F(B2), F(Big), threads));
            Row("conv2 backward input", () => TensorData.Conv2dBackwardInput(g2, w2, x2.Shape, one, one, one, 1),
                () => Conv2dKernels<float>.BackwardInput(conv2, F(G2), F(W2), F(Big), threads));
            var convB = ConvGeometry.Create([64, 16, 28, 28], [32, 16, 3, 3], one, one, one, 1, "bench");
            Row("conv backward input 64x16x28x28 (ConvolutionBenchmarks)", () => 0, () => Conv2dKernels<float>.BackwardInput(convB, F(Big2), F(W2), F(Big), threads));
            Row("conv2 backward weight", () => TensorData.Conv2dBackwardWeight(g2, x2, w2.Shape, one, one, one, 1),
                () => Conv2dKernels<float>.BackwardWeight(conv2, F(G2), F(X2), F(Small), threads));
            Row("conv2 bias grad (sum 0,2,3)", () => g2.Sum([0, 2, 3]), null);
            var xm = R(64, 784);
            var wm = R(256, 784);
            var wmT = wm.Transpose(0, 1).Contiguous();
            var gm = R(64, 256);
            var cm = TensorData.Zeros(DType.Float32, 64, 256);
            var cw = TensorData.Zeros(DType.Float32, 256, 784);
            Row("mlp fc1 forward x @ W^T (W^T strided)", () => xm.Matmul(wm.Transpose(0, 1)), () => TensorData.Gemm(xm, wm.Transpose(0, 1), cm));
            Row("mlp fc1 forward x @ W^T (W^T contiguous)", () => xm.Matmul(wmT), () => TensorData.Gemm(xm, wmT, cm));
            Row("mlp fc1 weight grad g^T @ x", () => gm.Transpose(0, 1).Matmul(xm), () => TensorData.Gemm(gm.Transpose(0, 1), xm, cw));
            Row("mlp fc1 bias grad (sum 0)", () => gm.Sum([0]), null);
            var sgdP = new float[256 * 784];
            var sgdG = new float[sgdP.Length];
            var sgdB = new float[sgdP.Length];
            var sgd = new Tensors.Kernels.Optim.SgdStep(0.01, 0.9, 0, 0, false, false, false);
            Row($"mlp sgd momentum, 200K params, {threads} thread(s)", () => 0, () => Tensors.Kernels.Optim.OptimizerKernels.Sgd<float>(sgdP, sgdG, sgdB, sgd));
            Row("3.2 MB: fresh Uninitialized / copy", () => TensorData.Uninitialized(DType.Float32, [64, 16, 28, 28]),
                () => new Span<float>(F(Big2), big.Length).CopyTo(big));
        }
    }

    private static float* F(nint p) => (float*)p;

    private static void Row(string name, Func<object> api, Action? kernel)
    {
        string Format(double us) => us.ToString("F0", CultureInfo.InvariantCulture);
        double a = StepProfiler.Median(() => api());
        string k = kernel == null ? "-" : Format(StepProfiler.Median(kernel));
        Console.WriteLine($"| {name} | {Format(a)} | {k} |");
    }
}
