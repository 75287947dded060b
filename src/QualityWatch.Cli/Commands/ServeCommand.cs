using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch serve`.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Run the collector, scheduled canaries and detection from qualitywatch.yaml.");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("serve")));
        return command;
    }
}
