using MiniTorch.NN;
using MiniTorch.Tensors;

namespace MiniTorch.Tests.NN;

public class LoadStateDictTests
{
    private static Tree Model() => new(("a", new Holder(weightShape: [2], bufferShape: [3])), ("b", new Holder(weightShape: [1])));

    private static StateDict Filled(Module m, double value)
    {
        var sd = new StateDict();
        foreach (var (k, v) in m.StateDict()) sd[k] = new Tensor(TensorData.Full(v.Data.ShapeArray(), value, v.DType));
        return sd;
    }

    [Fact]
    public void ACompleteStateDict_CopiesInPlace_KeepingTensorIdentity()
    {
        var m = Model();
        var weight = m.GetParameter("a.weight");
        var result = m.LoadStateDict(Filled(m, 7));
        Assert.True(result.AllMatched);
        Assert.Equal("<All keys matched successfully>", result.ToString());
        Assert.Same(weight, m.GetParameter("a.weight"));
        Assert.All(m.StateDict().Values, t => Assert.All(t.ToDoubleArray(), v => Assert.Equal(7, v)));
    }

    [Fact]
    public void MissingAndUnexpectedKeys_RaiseUnderStrict_ListingBoth_AndChangeNothing()
    {
        var m = Model();
        var sd = Filled(m, 7);
        sd.Remove("b.weight");
        sd["a.extra"] = T.Zeros(1);
        var e = Assert.Throws<InvalidOperationException>(() => m.LoadStateDict(sd));
        Assert.StartsWith("Error(s) in loading state_dict for Tree:\n\tMissing key(s) in state_dict: \"b.weight\". \n\tUnexpected key(s) in state_dict: \"a.extra\". ", e.Message);
        Assert.All(m.StateDict().Values, t => Assert.All(t.ToDoubleArray(), v => Assert.Equal(0, v)));

        var result = m.LoadStateDict(sd, strict: false);
        Assert.Equal(["b.weight"], result.MissingKeys);
        Assert.Equal(["a.extra"], result.UnexpectedKeys);
        Assert.Equal([7.0, 7.0], m.GetParameter("a.weight").ToDoubleArray());
    }

    [Fact]
    public void ShapeMismatch_RaisesEvenWhenNotStrict_NamingKeyAndBothShapes_AndChangesNothing()
    {
        var m = Model();
        var sd = Filled(m, 7);
        sd["a.stat"] = T.Zeros(4);
        var e = Assert.Throws<InvalidOperationException>(() => m.LoadStateDict(sd, strict: false));
        Assert.Contains("size mismatch for a.stat: copying a param with shape [4] from checkpoint, the shape in current model is [3].", e.Message);
        Assert.Equal([0.0, 0.0], m.GetParameter("a.weight").ToDoubleArray());
    }

    [Fact]
    public void DtypeMismatch_Raises_NamingKeyDtypesAndShape()
    {
        var m = Model();
        var sd = Filled(m, 7);
        sd["b.weight"] = new Tensor(TensorData.Zeros(DType.Float64, 1));
        var e = Assert.Throws<InvalidOperationException>(() => m.LoadStateDict(sd));
        Assert.Contains("dtype mismatch for b.weight", e.Message);
        Assert.Contains("float64", e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void NonPersistentBufferKeys_AreUnexpected_AndNeverLoaded()
    {
        var m = new Holder(bufferShape: [2], persistent: false);
        var sd = new StateDict { ["stat"] = new Tensor(TensorData.Ones(DType.Float32, 2)) };
        var result = m.LoadStateDict(sd, strict: false);
        Assert.Equal(["stat"], result.UnexpectedKeys);
        Assert.Equal([0.0, 0.0], m.GetBuffer("stat")!.ToDoubleArray());
    }

    [Fact]
    public void AZeroDimEntry_SavedAsShapeOne_LoadsForBackCompat()
    {
        var m = new Holder(bufferShape: []);
        m.LoadStateDict(new StateDict { ["stat"] = new Tensor(TensorData.FromArray(new[] { 3f }, 1)) });
        Assert.Equal(3, m.GetBuffer("stat")!.Item());
    }
}
