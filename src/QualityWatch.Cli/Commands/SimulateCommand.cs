using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch simulate`.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("simulate", "Start the provider simulator (OpenAI, Anthropic, Gemini wire protocols) with failure scenarios.");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("simulate")));
        return command;
    }
}
