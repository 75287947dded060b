using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch gate`.</summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("gate", "Block a release when canary scores regress (exit 0 pass, 1 fail, 2 usage, 3 provider unavailable).");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("gate")));
        return command;
    }
}
