using System.CommandLine;
using QualityWatch.Cli.Canaries;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch canary run|validate|generate`.</summary>
internal static class CanaryCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("canary", "Golden prompts with known answers: run them against providers, or validate suite files.");
        command.Subcommands.Add(CanaryRunVerb.Create(console));
        command.Subcommands.Add(CanaryValidateVerb.Create(console));
        command.Subcommands.Add(CanaryGenerateVerb.Create(console));
        return command;
    }
}
