using MiniTorch.Tensors;
using MiniTorch.Tensors.Kernels;

// A small tour of the tensor layer: views share storage, broadcasting follows PyTorch's rules,
// and every kernel runs on the widest vector unit the machine has.
Console.WriteLine($"MiniTorch demo — kernels run on {VectorPath.Describe()}");

var x = TensorData.Arange(6).View(2, 3);
Console.WriteLine($"x = arange(6).view(2, 3): shape {ShapeUtil.Format(x.Shape)}, values [{string.Join(", ", x.ToDoubleArray())}]");

var xt = x.Transpose(0, 1);
Console.WriteLine($"x.T is a view: shape {ShapeUtil.Format(xt.Shape)}, strides {ShapeUtil.Format(xt.Strides)}, same storage: {ReferenceEquals(xt.Storage, x.Storage)}");

var row = TensorData.FromArray(new float[] { 10, 20, 30 }, 3);
var sum = x.Add(row);
Console.WriteLine($"x + [10, 20, 30] broadcasts to {ShapeUtil.Format(sum.Shape)}: [{string.Join(", ", sum.ToDoubleArray())}]");

var e = x.Exp();
Console.WriteLine($"exp(x): [{string.Join(", ", e.ToDoubleArray().Select(v => v.ToString("G6")))}]");
