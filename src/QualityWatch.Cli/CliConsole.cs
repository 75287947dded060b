namespace QualityWatch.Cli;

/// <summary>Where a verb writes: stdout for results, stderr for the one-line errors. Tests pass their own writers.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error);
}
