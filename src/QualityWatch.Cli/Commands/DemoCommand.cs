using System.CommandLine;
using QualityWatch.Cli.Demo;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch demo`: the whole product on a compressed incident, judged against the injected truth.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var scenario = new Option<string>("--scenario") { Description = $"Which story to play: {string.Join(", ", DemoPlan.Names)}.", DefaultValueFactory = _ => DemoPlan.August2025 };
        var hours = new Option<double>("--hours") { Description = "Simulated hours (6–336).", DefaultValueFactory = _ => 48 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second; 0 runs as fast as possible.", DefaultValueFactory = _ => 0 };
        var keepServing = new Option<bool>("--keep-serving") { Description = "Keep the review page and /metrics up after the summary, until Ctrl+C." };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Directory for the SQLite database (default: a new temporary directory)." };
        var suites = new Option<DirectoryInfo?>("--suites") { Description = "Directory of golden suites (default: the repository's canaries/)." };
        var seed = new Option<int>("--seed") { Description = "Simulator seed: the same seed plays the same run.", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Run the simulator, canaries, collector (SQLite), detection and alerts on a compressed incident; exit 0 when every injected fault is detected and the healthy provider raises nothing.")
        {
            scenario, hours, speed, keepServing, dataDir, suites, seed,
        };
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var settings = new DemoSettings
            {
                Scenario = parse.GetValue(scenario)!,
                Hours = parse.GetValue(hours),
                Speed = parse.GetValue(speed),
                KeepServing = parse.GetValue(keepServing),
                DataDirectory = parse.GetValue(dataDir)?.FullName,
                SuitesDirectory = parse.GetValue(suites)?.FullName,
                Seed = parse.GetValue(seed),
            };
            var (_, _, outcome) = await new DemoRunner(settings, console).RunAsync(cancellationToken);
            return outcome.Passed ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }
}
