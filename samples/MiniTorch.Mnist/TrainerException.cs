namespace MiniTorch.Samples.Mnist;

/// <summary>
/// A problem the user can fix (a missing file, a bad option, an unwritable folder): the trainer
/// prints its one-line message and exits with <see cref="ExitCode"/>, with no stack trace.
/// </summary>
public sealed class TrainerException(string message, int exitCode = TrainerException.RuntimeError, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Exit code for bad input files or an unusable output folder.</summary>
    public const int RuntimeError = 1;

    /// <summary>Exit code for impossible options (the command line itself is wrong).</summary>
    public const int UsageError = 2;

    public int ExitCode { get; } = exitCode;
}
