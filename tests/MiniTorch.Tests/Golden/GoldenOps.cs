using System.Text.Json;

namespace MiniTorch.Tests.Golden;

/// <summary>
/// The ops.json op table: each op name from FORMAT.md mapped to the MiniTorch call that means the
/// same thing, reading its attributes from the case's <c>attrs</c>.
/// </summary>
public static class GoldenOps
{
    public delegate Tensor Op(Tensor[] inputs, Attrs attrs);

    public static readonly IReadOnlyDictionary<string, Op> Table = new Dictionary<string, Op>
    {
        ["neg"] = (x, _) => x[0].Neg(),
        ["exp"] = (x, _) => x[0].Exp(),
        ["log"] = (x, _) => x[0].Log(),
        ["sqrt"] = (x, _) => x[0].Sqrt(),
        ["rsqrt"] = (x, _) => x[0].Rsqrt(),
        ["abs"] = (x, _) => x[0].Abs(),
        ["tanh"] = (x, _) => x[0].Tanh(),
        ["sigmoid"] = (x, _) => x[0].Sigmoid(),
        ["relu"] = (x, _) => x[0].Relu(),
        ["silu"] = (x, _) => x[0].Silu(),
        ["sin"] = (x, _) => x[0].Sin(),
        ["cos"] = (x, _) => x[0].Cos(),
        ["reciprocal"] = (x, _) => x[0].Reciprocal(),
        ["gelu"] = (x, a) => F.Gelu(x[0], a.String("approximate")),
        ["leaky_relu"] = (x, a) => F.LeakyRelu(x[0], a.Double("negative_slope")),
        ["pow_scalar"] = (x, a) => x[0].Pow(a.Double("exponent")),
        ["clamp"] = (x, a) => x[0].Clamp(a.NullableDouble("min"), a.NullableDouble("max")),
        ["add"] = (x, _) => x[0] + x[1],
        ["sub"] = (x, _) => x[0] - x[1],
        ["mul"] = (x, _) => x[0] * x[1],
        ["div"] = (x, _) => x[0] / x[1],
        ["maximum"] = (x, _) => x[0].Maximum(x[1]),
        ["minimum"] = (x, _) => x[0].Minimum(x[1]),
        ["pow"] = (x, _) => x[0].Pow(x[1]),
        ["sum"] = (x, a) => x[0].Sum(a.Dims("dim"), a.Bool("keepdim")),
        ["mean"] = (x, a) => x[0].Mean(a.Dims("dim"), a.Bool("keepdim")),
        ["amax"] = (x, a) => x[0].Amax(a.Dims("dim"), a.Bool("keepdim")),
        ["var"] = (x, a) => x[0].Var(a.Dims("dim"), a.Int("correction"), a.Bool("keepdim")),
        ["logsumexp"] = (x, a) => x[0].LogSumExp(a.Dims("dim")!, a.Bool("keepdim")),
        ["softmax"] = (x, a) => x[0].Softmax(a.Int("dim")),
        ["log_softmax"] = (x, a) => x[0].LogSoftmax(a.Int("dim")),
        ["matmul"] = (x, _) => x[0].Matmul(x[1]),
        ["linear"] = (x, _) => F.Linear(x[0], x[1], x.Length > 2 ? x[2] : null),
        ["reshape"] = (x, a) => x[0].Reshape(a.Ints("shape")),
        ["transpose"] = (x, a) => x[0].Transpose(a.Int("dim0"), a.Int("dim1")),
        ["permute"] = (x, a) => x[0].Permute(a.Ints("dims")),
        ["unsqueeze"] = (x, a) => x[0].Unsqueeze(a.Int("dim")),
        ["squeeze"] = (x, a) => x[0].Squeeze(a.Int("dim")),
        ["expand"] = (x, a) => x[0].Expand(a.Ints("size")),
        ["flatten"] = (x, a) => x[0].Flatten(a.Int("start_dim"), a.Int("end_dim")),
        ["cat"] = (x, a) => Torch.Cat(x, a.Int("dim")),
        ["stack"] = (x, a) => Torch.Stack(x, a.Int("dim")),
        ["narrow"] = (x, a) => x[0].Narrow(a.Int("dim"), a.Int("start"), a.Int("length")),
        ["index_select"] = (x, a) => x[0].IndexSelect(a.Int("dim"), x[1]),
        ["gather"] = (x, a) => x[0].Gather(a.Int("dim"), x[1]),
        ["conv2d"] = (x, a) => F.Conv2d(x[0], x[1], x.Length > 2 ? x[2] : null, a.Pair("stride"), a.Pair("padding"), a.Pair("dilation"), a.Int("groups")),
        ["max_pool2d"] = (x, a) => F.MaxPool2d(x[0], a.Pair("kernel_size"), a.Pair("stride"), a.Pair("padding")),
        ["avg_pool2d"] = (x, a) => F.AvgPool2d(x[0], a.Pair("kernel_size"), a.Pair("stride"), a.Pair("padding")),
        ["layer_norm"] = (x, a) => F.LayerNorm(x[0], a.Ints("normalized_shape"), x.Length > 1 ? x[1] : null, x.Length > 2 ? x[2] : null, a.Double("eps")),
        ["batch_norm_train"] = (x, a) => F.BatchNorm(x[0], null, null, x.Length > 1 ? x[1] : null, x.Length > 2 ? x[2] : null, training: true, eps: a.Double("eps")),
        ["embedding"] = (x, a) => F.Embedding(x[0], x[1], a.NullableInt("padding_idx")),
        ["cross_entropy"] = (x, a) => F.CrossEntropy(x[0], x[1], a.String("reduction"), a.Double("label_smoothing")),
        ["nll_loss"] = (x, a) => F.NllLoss(x[0], x[1], a.String("reduction")),
        ["mse_loss"] = (x, a) => F.MseLoss(x[0], x[1], a.String("reduction")),
        ["bce_with_logits"] = (x, a) => F.BinaryCrossEntropyWithLogits(x[0], x[1], a.String("reduction")),
    };

    /// <summary>Typed access to a case's <c>attrs</c>; a missing attribute fails the case with its name.</summary>
    public readonly struct Attrs(JsonElement json)
    {
        private JsonElement Get(string name) =>
            json.TryGetProperty(name, out var v) ? v : throw new KeyNotFoundException($"attribute \"{name}\" is missing from attrs {json}");

        public int Int(string name) => Get(name).GetInt32();
        public int? NullableInt(string name) => Get(name).ValueKind == JsonValueKind.Null ? null : Get(name).GetInt32();
        public double Double(string name) => Get(name).GetDouble();
        public double? NullableDouble(string name) => Get(name).ValueKind == JsonValueKind.Null ? null : Get(name).GetDouble();
        public bool Bool(string name) => Get(name).GetBoolean();
        public string String(string name) => Get(name).GetString()!;
        public int[] Ints(string name) => Get(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

        /// <summary>A dim list; a single int is a one-element list; null means every dim.</summary>
        public int[]? Dims(string name) => Get(name).ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => [Get(name).GetInt32()],
            _ => Ints(name),
        };

        /// <summary>An (h, w) pair given as [h, w] or a single int.</summary>
        public IntPair Pair(string name) => Get(name).ValueKind == JsonValueKind.Number ? Int(name) : new IntPair(Ints(name)[0], Ints(name)[1]);
    }
}
