using MiniTorch;

// A small tour of tensors: views share storage, broadcasting follows PyTorch's rules,
// and every kernel runs on the widest vector unit the machine has.
Console.WriteLine($"MiniTorch demo — kernels run on {Torch.CpuCapability}");

var x = Torch.Arange(0, 6).View(2, 3);
Console.WriteLine($"x = arange(6).view(2, 3): shape {Format(x.Shape)}, values [{string.Join(", ", x.ToDoubleArray())}]");

var xt = x.Transpose(0, 1);
Console.WriteLine($"x.T is a view: shape {Format(xt.Shape)}, strides {Format(xt.Data.Strides)}, same storage: {ReferenceEquals(xt.Data.Storage, x.Data.Storage)}");

var row = Torch.Tensor(new float[] { 10, 20, 30 }, 3);
var sum = x + row;
Console.WriteLine($"x + [10, 20, 30] broadcasts to {Format(sum.Shape)}: [{string.Join(", ", sum.ToDoubleArray())}]");

var e = x.Exp();
Console.WriteLine($"exp(x): [{string.Join(", ", e.ToDoubleArray().Select(v => v.ToString("G6")))}]");

static string Format(ReadOnlySpan<int> sizes) => $"[{string.Join(", ", sizes.ToArray())}]";
