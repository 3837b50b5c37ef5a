using System.Globalization;
using System.Reflection;
using MiniTorch.Tests.Docs;

// Runs the README's quick start against the MiniTorch packages and fails unless the loss falls.
// The project has no project references, so every MiniTorch type here came from a .nupkg.
foreach (var assembly in new[] { typeof(MiniTorch.DType).Assembly, typeof(MiniTorch.Tensor).Assembly, typeof(MiniTorch.NN.Module).Assembly })
{
    var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
    Console.WriteLine($"{assembly.GetName().Name} {version}");
}

var output = new StringWriter();
ReadmeQuickStart.Run(output);
Console.Write(output);

// Lines read "step  50  loss 0.1234": the loss is the last word.
var losses = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
    .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture))
    .ToList();
if (losses.Count < 2 || !(losses[^1] < losses[0] / 2))
{
    Console.Error.WriteLine($"package check FAILED: the loss did not fall ({string.Join(", ", losses)})");
    return 1;
}
Console.WriteLine("package check passed: the quick start trains against the packed packages");
return 0;
