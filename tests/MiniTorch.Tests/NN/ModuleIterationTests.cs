using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.NN;

public class ModuleIterationTests
{
    [Fact]
    public void NamedParameters_ListOwnFirst_ThenChildrenInPreOrder()
    {
        var root = new Tree(("a", new Tree(("x", new Holder(weightShape: [1])))), ("b", new Holder(weightShape: [2])));
        root.RegisterParameter("own", new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 3))));
        Assert.Equal(["own", "a.x.weight", "b.weight"], root.NamedParameters().Select(p => p.Name));
        Assert.Equal(["p.own", "p.a.x.weight", "p.b.weight"], root.NamedParameters(prefix: "p").Select(p => p.Name));
        Assert.Equal(["own"], root.NamedParameters(recurse: false).Select(p => p.Name));
    }

    [Fact]
    public void SharedModulesAndTiedParameters_AreReportedOnce_UnderTheirFirstPath()
    {
        var shared = new Holder(weightShape: [2], bufferShape: [1]);
        var root = new Tree(("first", shared), ("second", shared));
        Assert.Equal(["", "first"], root.NamedModules().Select(m => m.Name));
        Assert.Equal(["", "first", "second"], root.NamedModules(removeDuplicate: false).Select(m => m.Name));
        Assert.Equal(["first.weight"], root.NamedParameters().Select(p => p.Name));
        Assert.Equal(["first.stat"], root.NamedBuffers().Select(p => p.Name));
        Assert.Single(root.Children());
        // The state dict does not de-duplicate: both paths appear, aliasing one storage.
        Assert.Equal(["first.weight", "first.stat", "second.weight", "second.stat"], root.StateDict().Keys);
    }

    [Fact]
    public void StateDict_PutsOwnParametersThenPersistentBuffersThenChildren()
    {
        var root = new Tree(("child", new Holder(weightShape: [1], bufferShape: [1])));
        root.RegisterBuffer("b_first", T.Zeros(1));
        root.RegisterParameter("p_later", new Parameter(new Tensor(TensorData.Zeros(DType.Float32, 1))));
        root.RegisterBuffer("np", T.Zeros(1), persistent: false);
        Assert.Equal(["p_later", "b_first", "child.weight", "child.stat"], root.StateDict().Keys);
        Assert.Equal(["b_first", "np", "child.stat"], root.NamedBuffers().Select(b => b.Name));
    }

    [Fact]
    public void StateDict_ValuesAreDetachedAliases()
    {
        var m = new Holder(weightShape: [2]);
        var entry = m.StateDict()["weight"];
        Assert.False(entry.RequiresGrad);
        Assert.Same(m.GetParameter("weight").Data.Storage, entry.Data.Storage);
        Assert.Same(m.GetParameter("weight"), m.StateDict(keepVars: true)["weight"]);
    }
}
