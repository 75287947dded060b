using System.CommandLine;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Demo;
using QualityWatch.Cli.Simulate;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch simulate`: the provider simulator standalone on 127.0.0.1 until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var scenario = new Option<string?>("--scenario", "-s")
        {
            Description = "Scenarios, comma-separated: NAME[@START[+DURATION]][:MODEL] (e.g. routing-bug@2h+24h:claude-sonnet-4). Known: "
                + string.Join(", ", ScenarioCatalog.Names) + ". Default: the config file's simulator.scenarios, else healthy.",
        };
        var port = new Option<int?>("--port", "-p") { Description = $"Port on 127.0.0.1 (0 = any free port; default {SimulateSettings.DefaultPort})." };
        var speed = new Option<double?>("--speed") { Description = "Virtual seconds per real second (e.g. 2880: 48 virtual hours per real minute; default 1)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random draw (same seed, same answers; default 42)." };
        var latencyScale = new Option<double?>("--latency-scale") { Description = "Real sleep per simulated second of latency (1 = real time, 0.01 for demos; default 1)." };
        var answers = new Option<string>("--answers")
        {
            Description = "suites: answer the golden canary prompts with their known answers (at each model's accuracy); none: answer every prompt with generic text.",
            DefaultValueFactory = _ => "suites",
        };
        answers.AcceptOnlyFromAmong("suites", "none");
        var suites = new Option<DirectoryInfo?>("--suites") { Description = "Suite folder for --answers suites (default: canaries/ beside the config file, else the repository's)." };
        var config = CommonOptions.Config();

        var command = new Command("simulate", "Start the provider simulator (OpenAI, Anthropic, Gemini wire protocols) with failure scenarios: "
            + string.Join(", ", ScenarioCatalog.Names) + ".");
        command.Options.Add(scenario);
        command.Options.Add(port);
        command.Options.Add(speed);
        command.Options.Add(seed);
        command.Options.Add(latencyScale);
        command.Options.Add(config);
        command.Options.Add(answers);
        command.Options.Add(suites);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var file = parse.GetValue(config);
            var options = SimulateSettings.Build(
                file is null ? null : CommonOptions.LoadConfiguration(file),
                parse.GetValue(scenario),
                parse.GetValue(port),
                parse.GetValue(speed),
                parse.GetValue(seed),
                parse.GetValue(latencyScale));
            var (book, from) = parse.GetValue(answers) == "none" ? (null, null) : AnswerBook(parse.GetValue(suites), file);
            return await RunAsync(console, options, book, from, ct);
        });
        return command;
    }

    /// <summary>The golden answers of the shipped (or given) suites, so a canary run against the simulator passes at
    /// each model's accuracy instead of failing every case.</summary>
    private static (SuiteAnswerBook Book, string Directory) AnswerBook(DirectoryInfo? given, FileInfo? config)
    {
        string? beside = config?.DirectoryName is { } folder && Directory.Exists(Path.Combine(folder, "canaries")) ? Path.Combine(folder, "canaries") : null;
        string directory = given?.FullName ?? beside ?? DemoSuites.FindCanariesDirectory()
            ?? throw CliException.Usage("--answers suites: cannot find a canaries/ folder; pass --suites DIR or --answers none");
        if (!Directory.Exists(directory))
        {
            throw CliException.Usage($"--suites: folder not found: {directory}");
        }

        var book = SuiteAnswerBook.FromDirectory(directory);
        return book.Count > 0 ? (book, directory) : throw CliException.Usage($"--suites: no canary case with a reference answer in {directory}");
    }

    private static async Task<int> RunAsync(CliConsole console, SimulatorOptions options, SuiteAnswerBook? answers, string? answersFrom, CancellationToken ct)
    {
        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, answers, ct);
        }
        catch (IOException ex)
        {
            throw CliException.Unavailable($"cannot listen on 127.0.0.1:{options.Port}: {CliApplication.OneLine(ex.Message)}");
        }

        await using (host)
        {
            await console.Out.WriteLineAsync($"simulator listening on {host.BaseUrl}");
            await console.Out.WriteLineAsync($"  OpenAI     {host.BaseUrl}v1/chat/completions");
            await console.Out.WriteLineAsync($"  Anthropic  {host.BaseUrl}v1/messages");
            await console.Out.WriteLineAsync($"  Gemini     {host.BaseUrl}v1beta/models/{{model}}:generateContent");
            await console.Out.WriteLineAsync($"  state      {host.BaseUrl}sim/state");
            await console.Out.WriteLineAsync($"virtual clock starts {host.Clock.StartTime:O}, speed {options.Speed}x, seed {options.Seed}");
            await console.Out.WriteLineAsync(answers is null
                ? "answers    generic text for every prompt (--answers none)"
                : $"answers    the golden answers of {answers.Count} canary cases in {answersFrom}, at each model's accuracy");
            foreach (var s in options.Scenarios)
            {
                var window = s.Duration is { } d ? $"+{s.StartAfter} for {d}" : $"+{s.StartAfter} until stopped";
                await console.Out.WriteLineAsync($"  scenario {s.Name} ({s.Model ?? "all models"}) {window}: {ScenarioCatalog.Get(s.Name).Description}");
            }

            await console.Out.WriteLineAsync("press Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C is how the simulator is meant to stop.
            }
        }

        await console.Out.WriteLineAsync("simulator stopped");
        return ExitCodes.Success;
    }
}
