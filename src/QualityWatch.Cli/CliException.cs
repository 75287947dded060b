namespace QualityWatch.Cli;

/// <summary>
/// An expected failure of a verb: its message is one line for stderr and <see cref="ExitCode"/> says what kind
/// of failure it was. Thrown by verbs, caught once in <see cref="CliApplication"/>.
/// </summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.UsageError, message);

    public static CliException Unavailable(string message) => new(ExitCodes.Unavailable, message);
}
