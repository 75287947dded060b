using System.CommandLine;
using QualityWatch.Cli.Commands;
using QualityWatch.Configuration;

namespace QualityWatch.Cli;

/// <summary>
/// The <c>qualitywatch</c> command: builds the verb tree, parses, runs, and turns every outcome into an exit code
/// with at most one line on stderr. The only place in the product that decides exit codes.
/// </summary>
internal static class CliApplication
{
    public static RootCommand BuildRootCommand(CliConsole console)
    {
        var root = new RootCommand(
            "QualityWatch watches LLM providers for silent failures: canaries with known answers, OTLP telemetry, " +
            "statistical drift detection, alerts and a release gate.");
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(CanaryCommand.Create(console));
        root.Subcommands.Add(GateCommand.Create(console));
        root.Subcommands.Add(DetectCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand(console);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // An unknown token is the most useful thing to name; "required command missing" follows from it.
            var error = parseResult.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parseResult.Errors[0];
            await console.Error.WriteLineAsync($"qualitywatch: {OneLine(error.Message)} (see --help)");
            return ExitCodes.UsageError;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (CliException ex)
        {
            await console.Error.WriteLineAsync($"qualitywatch: {ex.Message}");
            return ex.ExitCode;
        }
        catch (ConfigurationFileException ex)
        {
            await console.Error.WriteLineAsync($"qualitywatch: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("qualitywatch: cancelled");
            return 130;
        }
#pragma warning disable CA1031 // The CLI boundary: any failure becomes one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await console.Error.WriteLineAsync($"qualitywatch: internal error ({ex.GetType().Name}): {OneLine(ex.Message)}");
            return ExitCodes.CheckFailed;
        }
    }

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
