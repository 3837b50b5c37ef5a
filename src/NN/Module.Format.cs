using System.Text;

namespace MiniTorch.NN;

// PyTorch-like printout: "Name(extra)" for leaves, an indented "(child): ..." list otherwise.
public abstract partial class Module
{
    /// <summary>The text inside the parentheses, e.g. <c>in_features=4, out_features=2, bias=True</c>.</summary>
    public virtual string ExtraRepr() => "";

    public override string ToString()
    {
        var children = _modules.Where(kv => kv.Value != null).ToList();
        var extra = ExtraRepr();
        if (children.Count == 0) return $"{TypeName}({extra})";
        var sb = new StringBuilder();
        sb.Append(TypeName).Append('(');
        if (extra.Length > 0) sb.Append("\n  ").Append(extra.Replace("\n", "\n  "));
        foreach (var (name, child) in children)
            sb.Append("\n  (").Append(name).Append("): ").Append(child!.ToString().Replace("\n", "\n  "));
        sb.Append("\n)");
        return sb.ToString();
    }
}
