using System.CommandLine;
using QualityWatch.Canaries.Generation;

namespace QualityWatch.Cli.Canaries;

/// <summary>`qualitywatch canary generate --out DIR`: writes the shipped suites from <see cref="GoldenSuiteGenerator"/>.</summary>
internal static class CanaryGenerateVerb
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write the suite files to.", Required = true };
        var command = new Command("generate", "Regenerate the shipped golden suites (answers computed by code).") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(output)!;
            directory.Create();
            foreach (var suite in GoldenSuiteGenerator.Generate())
            {
                var path = Path.Combine(directory.FullName, $"{suite.Name}.yaml");
                await File.WriteAllTextAsync(path, SuiteYamlWriter.Write(suite), cancellationToken);
                await console.Out.WriteLineAsync($"{path}: {suite.Cases.Count} cases");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
