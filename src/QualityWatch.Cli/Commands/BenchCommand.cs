using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch bench`.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("bench", "Run load benchmarks (for example: bench ingest).");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("bench")));
        return command;
    }
}
