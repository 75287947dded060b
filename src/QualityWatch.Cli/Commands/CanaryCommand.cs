using System.CommandLine;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch canary run|validate`.</summary>
internal static class CanaryCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("canary", "Golden prompts with known answers: run them against providers, or validate suite files.");
        var run = new Command("run", "Send the golden suites to every configured provider, score them and record the results.");
        run.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("canary run")));
        var validate = new Command("validate", "Check suite files and report every problem with file, line and reason.");
        validate.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(NotAvailableYet.For("canary validate")));
        command.Subcommands.Add(run);
        command.Subcommands.Add(validate);
        return command;
    }
}
