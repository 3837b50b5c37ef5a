using MiniTorch;
using MiniTorch.NN;
using MiniTorch.Optim;

namespace MiniTorch.Tests.Docs;

/// <summary>
/// The README's "Quick start", compiled. The README shows this file's using lines followed by the
/// lines between the two markers, and <see cref="ReadmeQuickStartTests"/> fails when they differ;
/// samples/MiniTorch.PackageCheck compiles this same file against the packed NuGet packages.
/// </summary>
public static class ReadmeQuickStart
{
    /// <summary>Trains the README's model and prints its loss every 50 steps to <paramref name="Console"/>.</summary>
    /// <remarks>
    /// The parameter is named <c>Console</c> so that the README's <c>Console.WriteLine</c> lines
    /// compile unchanged here and write where the caller chooses (a parameter hides the type).
    /// </remarks>
    public static void Run(TextWriter Console)
    {
        // quick start: begin
        Torch.ManualSeed(0);
        var x = Torch.Randn(256, 2);                                 // 256 points in the plane
        var y = (x.Select(1, 0) * x.Select(1, 1)).Unsqueeze(1);      // target x0·x1, shape [256, 1]
        var model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 1));
        var lossFn = new MSELoss();
        var optimizer = new Adam(model.Parameters(), new AdamOptions { Lr = 0.01 });

        for (int step = 1; step <= 300; step++)
        {
            var loss = lossFn.Forward(model.Call(x), y);             // forward: records the graph
            optimizer.ZeroGrad();                                    // clear last step's gradients
            loss.Backward();                                         // fill each parameter's .Grad
            optimizer.Step();                                        // update the parameters
            if (step % 50 == 0) Console.WriteLine($"step {step,3}  loss {loss.Item():F4}");
        }
        // quick start: end
    }
}
