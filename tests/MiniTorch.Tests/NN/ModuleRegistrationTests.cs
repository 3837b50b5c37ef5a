using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.NN;

public class ModuleRegistrationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void RegisterBuffer_RejectsEmptyAndDottedNames_NamingTheName(string name)
    {
        var m = new Holder();
        var e = Assert.Throws<ArgumentException>(() => m.RegisterBuffer(name, T.Zeros(1)));
        Assert.Contains(name.Length == 0 ? "can't be empty string" : "can't contain \".\"", e.Message);
        Assert.False(m.Has(name));
    }

    [Fact]
    public void RegisterBuffer_OnAParameterOrSubmoduleOrPlainAttributeName_RaisesAlreadyExists()
    {
        var m = new Holder(weightShape: [2]);
        m.RegisterModule("child", new Holder());
        m["plain"] = T.Zeros(3);
        foreach (var name in new[] { "weight", "child", "plain" })
        {
            var e = Assert.Throws<ArgumentException>(() => m.RegisterBuffer(name, T.Zeros(1)));
            Assert.Contains($"attribute '{name}' already exists", e.Message);
        }
        Assert.Empty(m.Buffers());
    }

    [Fact]
    public void RegisterParameter_OnABufferName_RaisesAlreadyExists()
    {
        var m = new Holder(bufferShape: [2]);
        var e = Assert.Throws<ArgumentException>(() => m.RegisterParameter("stat", new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 2)))));
        Assert.Contains("attribute 'stat' already exists", e.Message);
    }

    [Fact]
    public void ReRegisteringABuffer_ReplacesItInPlace_AndFlipsPersistence()
    {
        var m = new Holder(bufferShape: [2]);
        m.RegisterBuffer("other", T.Zeros(1));
        var replacement = T.Zeros(5);
        m.RegisterBuffer("stat", replacement, persistent: false);
        Assert.Equal(["stat", "other"], m.NamedBuffers().Select(b => b.Name));
        Assert.Same(replacement, m.GetBuffer("stat"));
        Assert.Equal(["other"], m.StateDict().Keys);
    }

    [Fact]
    public void AssigningATensorToABufferName_KeepsItRegistered_WithItsPersistence()
    {
        var m = new Holder(bufferShape: [1], persistent: false);
        m.Stat = T.Zeros(1);
        Assert.Single(m.Buffers());
        Assert.False(m.IsPersistentBuffer("stat"));
        Assert.Empty(m.StateDict());
        m["stat"] = T.Zeros(1);                       // through the indexer, the same rule
        Assert.False(m.IsPersistentBuffer("stat"));
    }

    [Fact]
    public void AssigningAPlainTensorToANewName_DoesNotRegisterIt()
    {
        var m = new Holder(weightShape: [2]);
        m["attribute_buffer"] = T.Zeros(10, 10);
        Assert.Empty(m.Buffers());
        Assert.Equal(["weight"], m.StateDict().Keys);
        Assert.IsType<Tensor>(m["attribute_buffer"]);
        var e = Assert.Throws<ArgumentException>(() => m.RegisterBuffer("attribute_buffer", T.Zeros(1)));
        Assert.Contains("already exists", e.Message);
        m.Delete("attribute_buffer");
        m.RegisterBuffer("attribute_buffer", T.Zeros(1));
        Assert.Single(m.Buffers());
    }

    [Fact]
    public void BufferMarker_RegistersByAssignment_WithItsPersistence()
    {
        var m = new Holder();
        m["a"] = new TensorBuffer(T.Zeros(2));
        m["b"] = new TensorBuffer(T.Zeros(3), persistent: false);
        Assert.Equal(["a", "b"], m.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["a"], m.StateDict().Keys);
    }

    [Fact]
    public void AssigningAPlainTensorToAParameterName_Raises()
    {
        var m = new Holder(weightShape: [2]);
        var e = Assert.Throws<ArgumentException>(() => m["weight"] = T.Zeros(2));
        Assert.Contains("cannot assign 'Tensor' as parameter 'weight'", e.Message);
    }

    [Fact]
    public void ABufferNeverRequiresGrad_EvenWhenGivenATensorThatDoes()
    {
        var m = new Holder();
        var t = new Tensor(TensorData.Ones(DType.Float32, 2), requiresGrad: true);
        var stored = m.RegisterBuffer("b", t);
        Assert.False(stored.RequiresGrad);
        Assert.Same(t.Data.Storage, stored.Data.Storage);
        Assert.DoesNotContain(stored, m.Parameters());
    }

    [Fact]
    public void ANullBuffer_ReservesTheName_ButIsSkippedByIterationAndStateDict()
    {
        var m = new Holder();
        m.RegisterBuffer("none", null);
        Assert.Empty(m.Buffers());
        Assert.Empty(m.StateDict());
        Assert.Throws<ArgumentException>(() => m.RegisterParameter("none", null));
        Assert.Null(m.GetBuffer("none"));
    }

    [Fact]
    public void DottedPathLookups_FindMembers_AndNameWhatIsWrong()
    {
        var inner = new Holder(weightShape: [2], bufferShape: [3]);
        var root = new Tree(("layer", new Tree(("0", inner))));
        Assert.Same(inner, root.GetSubmodule("layer.0"));
        Assert.Same(inner.GetParameter("weight"), root.GetParameter("layer.0.weight"));
        Assert.Same(inner.GetBuffer("stat"), root.GetBuffer("layer.0.stat"));
        Assert.Contains("has no attribute `nope`", Assert.Throws<KeyNotFoundException>(() => root.GetSubmodule("layer.nope")).Message);
        Assert.Contains("`stat` is not an nn.Parameter", Assert.Throws<InvalidOperationException>(() => root.GetParameter("layer.0.stat")).Message);
        Assert.Contains("`weight` is not a buffer", Assert.Throws<InvalidOperationException>(() => root.GetBuffer("layer.0.weight")).Message);
        Assert.Contains("`weight` is not an nn.Module", Assert.Throws<InvalidOperationException>(() => root.GetSubmodule("layer.0.weight")).Message);
    }

    [Fact]
    public void To_ConvertsFloatingStateOnly_KeepingParameterIdentity()
    {
        var m = new Holder(weightShape: [2], bufferShape: [2]);
        m.RegisterBuffer("count", new Tensor(TensorData.Zeros(DType.Int64)));
        var weight = m.GetParameter("weight");
        var stat = m.GetBuffer("stat");
        m.To(DType.Float64);
        Assert.Same(weight, m.GetParameter("weight"));
        Assert.Equal(DType.Float64, weight.DType);
        Assert.NotSame(stat, m.GetBuffer("stat"));
        Assert.Equal(DType.Float64, m.GetBuffer("stat")!.DType);
        Assert.Equal(DType.Int64, m.GetBuffer("count")!.DType);
        var e = Assert.Throws<ArgumentException>(() => m.To(DType.Int64));
        Assert.Contains("dtype=int64", e.Message);
    }

    [Fact]
    public void TrainAndEval_AreRecursive()
    {
        var leaf = new Holder();
        var root = new Tree(("a", new Tree(("b", leaf))));
        root.Eval();
        Assert.All(root.Modules(), m => Assert.False(m.Training));
        root.Train();
        Assert.True(leaf.Training);
    }

    [Fact]
    public void Printout_LooksLikePyTorchs()
    {
        var root = new Tree(("conv1", new Tree(("0", new Holder()), ("1", new Holder()))));
        Assert.Equal("Tree(\n  (conv1): Tree(\n    (0): Holder()\n    (1): Holder()\n  )\n)", root.ToString());
    }
}
