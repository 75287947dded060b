using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch detect`.</summary>
internal static class DetectCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("detect", "Run a detector over a CSV series and write scores, anomalies and change points as CSV.");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("detect")));
        return command;
    }
}
