using Spectre.Console;

namespace MiniTorch.Samples.Mnist;

/// <summary>The <c>--eval CHECKPOINT</c> job: held-out accuracy of a saved model, no training.</summary>
public static class EvaluationRun
{
    public static Evaluation Execute(TrainerOptions options, TrainerConsole console)
    {
        var data = DataLoading.Load(options.Data, options.TrainLimit, options.TestLimit);
        var model = CheckpointCheck.Load(options.Eval!);
        var result = Evaluation.Run(model, data, data.Test);
        console.Line(Markup.Escape($"checkpoint {Path.GetFullPath(options.Eval!)}"));
        console.Line($"held-out accuracy: [bold]{100 * result.Accuracy:F2}%[/] ({result.Correct}/{result.Total})");
        return result;
    }
}
