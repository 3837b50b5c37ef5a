using MiniTorch;
using MiniTorch.NN;
using MiniTorch.Serialization;

namespace MiniTorch.Samples.Seeds;

/// <summary>Runs the seed documents' examples and prints what they print.</summary>
public static class SeedExamples
{
    public static void RunAll(TextWriter output)
    {
        Seed003Listings(output);
        Seed003SaveAndLoad(output);
        Seed003Printouts(output);
        Seed000RunningStats(output);
        Seed001PositionalEncoding(output);
        Seed002RegisterBuffer(output);
    }

    /// <summary>Seed 003: the five listings before and after registering buffers from outside the class.</summary>
    public static void Seed003Listings(TextWriter output)
    {
        Torch.ManualSeed(20200910);
        var model = new Model();
        output.WriteLine(Center("初始化之后模型修改之前"));
        PrintListings(model, output);

        model["attribute_buffer_out"] = Torch.Randn(10, 10);            // a plain attribute: not registered
        model.RegisterBuffer("register_buffer_out", Torch.Randn(15, 15)); // registered from outside the class
        output.WriteLine(Center("模型初始化以及修改之后"));
        PrintListings(model, output);
    }

    private static void PrintListings(Module model, TextWriter output)
    {
        output.WriteLine(Center("调用named_buffers()"));
        foreach (var (name, buf) in model.NamedBuffers()) output.WriteLine($"{name} --> {Size(buf)}");
        output.WriteLine(Center("调用named_parameters()"));
        foreach (var (name, param) in model.NamedParameters()) output.WriteLine($"{name} --> {Size(param)}");
        output.WriteLine(Center("调用buffers()"));
        foreach (var buf in model.Buffers()) output.WriteLine(Size(buf));
        output.WriteLine(Center("调用parameters()"));
        foreach (var param in model.Parameters()) output.WriteLine(Size(param));
        output.WriteLine(Center("调用state_dict()"));
        foreach (var (k, v) in model.StateDict()) output.WriteLine($"{k} --> {Size(v)}");
    }

    /// <summary>Seed 003: torch.save(model.state_dict(), PATH); model.load_state_dict(torch.load(PATH)); model.eval().</summary>
    public static void Seed003SaveAndLoad(TextWriter output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"minitorch-seed-{Environment.ProcessId}.safetensors");
        try
        {
            var module = new MyModule(4, 2);
            Checkpoint.SaveStateDict(module, path);
            var restored = new MyModule(4, 2);
            var result = Checkpoint.LoadStateDict(restored, path);
            restored.Eval();
            output.WriteLine($"load_state_dict: {result}");
            foreach (var (k, v) in restored.StateDict())
                output.WriteLine($"{k} --> {Size(v)}, equal to saved: {v.ToDoubleArray().SequenceEqual(module.StateDict()[k].ToDoubleArray())}");

            var mine = new MyModel();
            foreach (var p in mine.Parameters()) output.WriteLine($"parameter: {Size(p)}");
            foreach (var b in mine.Buffers()) output.WriteLine($"buffer: {Size(b)}");
            output.WriteLine($"state_dict keys: {string.Join(", ", mine.StateDict().Keys)}");
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// Seed 003's prints of whole tensors: <c>print(module.state_dict())</c> for MyModule(4, 2), then
    /// MyModel's <c>print(param)</c> for each parameter, <c>print(buffer)</c> for each buffer, and
    /// <c>print(model.state_dict())</c>. The values are random, so only their layout matches the seed's.
    /// </summary>
    public static void Seed003Printouts(TextWriter output)
    {
        Torch.ManualSeed(0);
        output.WriteLine(OrderedDict(new MyModule(4, 2).StateDict()));
        var model = new MyModel();
        foreach (var param in model.Parameters()) output.WriteLine(param);
        output.WriteLine("----------------");
        foreach (var buffer in model.Buffers()) output.WriteLine(buffer);
        output.WriteLine("----------------");
        output.WriteLine(OrderedDict(model.StateDict()));
    }

    /// <summary>Seed 000: buffers updated in forward stay registered buffers and never require grad.</summary>
    public static void Seed000RunningStats(TextWriter output)
    {
        var model = new RunningStats();
        var input = Torch.Randn(10, 3, 32, 32);
        model.Call(input);
        output.WriteLine($"running_mean after one batch: {model.RunningMean.Item():F6} (0.1 x batch mean {input.Mean().Item():F6})");
        output.WriteLine($"running_var after one batch: {model.RunningVar.Item():F6}");
        output.WriteLine($"buffers: {string.Join(", ", model.NamedBuffers().Select(b => b.Name))}; parameters: {model.Parameters().Count()}");
    }

    /// <summary>Seed 001: the positional table is a buffer: in the state dict, converted by To(float64), never trained.</summary>
    public static void Seed001PositionalEncoding(TextWriter output)
    {
        var pe = Seed001.Create();
        output.WriteLine($"pe buffer: {Size(pe.Pe)}, in state_dict: {pe.StateDict().ContainsKey("pe")}, parameters: {pe.Parameters().Count()}");
        pe.To(DType.Float64);
        output.WriteLine($"after To(float64): {pe.Pe.DType.Name()}");
        var ported = new SeedPositionalEncoding(dModel: 16, maxLen: 50);
        var difference = ported.Pe.ToDoubleArray().Zip(Seed001.Create().Pe.ToDoubleArray(), (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"the seed's class ported line by line: pe {Size(ported.Pe)}, largest difference from PositionalEncoding: {difference:G3}");
    }

    /// <summary>
    /// Seed 002: <c>self.register_buffer('running_mean', torch.zeros(num_features))</c>. The buffer is
    /// read by name like an attribute, is part of the state (saved, converted), is not a parameter
    /// (no gradient, no optimizer), and lives from its registration until it is deleted — the
    /// seed's closing question. BatchNorm, the seed's motivating case, keeps the same buffers.
    /// </summary>
    public static void Seed002RegisterBuffer(TextWriter output)
    {
        var model = new FeatureStats(numFeatures: 4);
        output.WriteLine($"self.running_mean: {model["running_mean"]}");
        output.WriteLine($"named_buffers: {string.Join(", ", model.NamedBuffers().Select(b => $"{b.Name} {Size(b.Buffer)}"))}");
        output.WriteLine($"parameters: {model.Parameters().Count()}, requires_grad: {model.RunningMean.RequiresGrad}");
        output.WriteLine($"state_dict keys: {string.Join(", ", model.StateDict().Keys)}");
        model.To(DType.Float64);
        output.WriteLine($"after To(float64): running_mean is {model.RunningMean.DType.Name()}");
        output.WriteLine($"BatchNorm1d(4) buffers: {string.Join(", ", new BatchNorm1d(4).NamedBuffers().Select(b => b.Name))}");

        // Lifetime: created by RegisterBuffer (in the constructor); set to null it keeps its name but
        // leaves the state dict; deleted it is gone. The tensor itself is freed by the GC once unused.
        model.RegisterBuffer("running_mean", null);
        output.WriteLine($"after register_buffer('running_mean', None): has it: {model.Has("running_mean")}, state_dict keys: [{string.Join(", ", model.StateDict().Keys)}]");
        model.Delete("running_mean");
        output.WriteLine($"after del model.running_mean: has it: {model.Has("running_mean")}");
    }

    /// <summary>Python's repr of an OrderedDict of tensors, as <c>print(model.state_dict())</c> shows it.</summary>
    public static string OrderedDict(StateDict stateDict) =>
        "OrderedDict([" + string.Join(", ", stateDict.Select(kv => $"('{kv.Key}', {kv.Value})")) + "])";

    /// <summary>PyTorch prints shapes as torch.Size([4, 6]).</summary>
    public static string Size(Tensor t) => $"torch.Size([{string.Join(", ", t.Shape.ToArray())}])";

    /// <summary>Python's str.center(100, "-").</summary>
    public static string Center(string text, int width = 100, char fill = '-')
    {
        int length = new System.Globalization.StringInfo(text).LengthInTextElements;
        int margin = width - length;
        if (margin <= 0) return text;
        int left = margin / 2 + (margin & width & 1);
        return new string(fill, left) + text + new string(fill, margin - left);
    }
}
