using System.CommandLine;
using QualityWatch.Canaries.Suites;

namespace QualityWatch.Cli.Canaries;

/// <summary>`qualitywatch canary validate [--suite PATH]...`: every problem as file:line: reason; exit 2 if any.</summary>
internal static class CanaryValidateVerb
{
    public static Command Create(CliConsole console)
    {
        var suites = CanaryOptions.Suite();
        var command = new Command("validate", "Check suite files and report every problem with file, line and reason (exit 2 if any).") { suites };
        command.SetAction(async (parseResult, _) =>
        {
            var paths = CanaryOptions.SuitePaths(parseResult.GetValue(suites), null);
            var loaded = SuiteLoader.LoadFiles(paths);
            foreach (var problem in loaded.Problems)
            {
                await console.Error.WriteLineAsync(problem.ToString());
            }

            var cases = loaded.Suites.Sum(s => s.Cases.Count);
            await console.Out.WriteLineAsync($"{loaded.Suites.Count} valid suite(s), {cases} case(s); {loaded.Problems.Count} problem(s)");
            return loaded.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.UsageError;
        });
        return command;
    }
}
