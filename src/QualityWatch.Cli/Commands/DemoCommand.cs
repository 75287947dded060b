using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch demo`.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("demo", "Run the simulator, canaries, collector, detection and alerts on a compressed incident scenario.");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("demo")));
        return command;
    }
}
