using Spectre.Console;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// What the trainer shows on standard output. On a terminal each epoch gets a live Spectre.Console
/// progress bar with the running loss and images per second; anywhere else (a pipe, a file, a
/// test) there is no colour and no cursor movement: a plain progress line each quarter epoch.
/// The key lines (accuracy per epoch, the checkpoint check, the summary) appear in both.
/// </summary>
public sealed class TrainerConsole
{
    private readonly IAnsiConsole _console;

    private TrainerConsole(IAnsiConsole console, bool live)
    {
        _console = console;
        Live = live;
    }

    /// <summary>True when progress is drawn live (an interactive terminal).</summary>
    public bool Live { get; }

    /// <summary>
    /// A view writing to <paramref name="output"/>; live only when that is the process's own
    /// standard output and it is a terminal.
    /// </summary>
    public static TrainerConsole For(TextWriter output)
    {
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Plain output is read by programs and people alike: never wrap a line at 80 columns.
        if (!live) console.Profile.Width = 1000;
        return new TrainerConsole(console, live);
    }

    /// <summary>Writes one line of Spectre markup (<c>[green]...[/]</c>); plain text must go through <see cref="Markup.Escape"/>.</summary>
    public void Line(string markup = "") => _console.MarkupLine(markup);

    /// <summary>Runs one epoch's work with a progress display fed by the work's step reports.</summary>
    public T Epoch<T>(int epoch, int epochs, Func<Action<StepProgress>, T> work)
    {
        string title = $"epoch {epoch}/{epochs}";
        if (!Live) return work(progress => PlainProgress(title, progress));
        T result = default!;
        _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title);
                result = work(progress =>
                {
                    task.MaxValue = progress.Steps;
                    task.Value = progress.Step;
                    task.Description = $"{title}  loss {progress.RunningLoss:F4}  {progress.ImagesPerSecond:F0} img/s";
                });
            });
        return result;
    }

    // At most four lines an epoch (at each quarter, the last at the end): enough to see it move in a log, few enough to read.
    private void PlainProgress(string title, StepProgress p)
    {
        if (p.Step * 4 / p.Steps != (p.Step - 1) * 4 / p.Steps)
            _console.WriteLine($"{title}  step {p.Step}/{p.Steps}  loss {p.RunningLoss:F4}  {p.ImagesPerSecond:F0} img/s");
    }
}
