using System.CommandLine;
using QualityWatch.Cli.Simulate;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch simulate`: the provider simulator standalone on 127.0.0.1 until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var scenario = new Option<string>("--scenario", "-s")
        {
            Description = "Scenarios, comma-separated: NAME[@START[+DURATION]][:MODEL] (e.g. routing-bug@2h+24h:claude-sonnet-4). Known: "
                + string.Join(", ", ScenarioCatalog.Names) + ".",
            DefaultValueFactory = _ => ScenarioNames.Healthy,
        };
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 8089 };
        var speed = new Option<double>("--speed") { Description = "Virtual seconds per real second (e.g. 2880: 48 virtual hours per real minute).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw (same seed, same answers).", DefaultValueFactory = _ => 42 };
        var latencyScale = new Option<double>("--latency-scale") { Description = "Real sleep per simulated second of latency (1 = real time, 0.01 for demos).", DefaultValueFactory = _ => 1 };
        var config = CommonOptions.Config();

        var command = new Command("simulate", "Start the provider simulator (OpenAI, Anthropic, Gemini wire protocols) with failure scenarios: "
            + string.Join(", ", ScenarioCatalog.Names) + ".");
        command.Options.Add(scenario);
        command.Options.Add(port);
        command.Options.Add(speed);
        command.Options.Add(seed);
        command.Options.Add(latencyScale);
        command.Options.Add(config);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var file = parse.GetValue(config);
            var options = SimulateSettings.Build(
                file is null ? null : CommonOptions.LoadConfiguration(file),
                parse.GetValue(scenario) ?? ScenarioNames.Healthy,
                parse.GetValue(port),
                parse.GetValue(speed),
                parse.GetValue(seed),
                parse.GetValue(latencyScale));
            return await RunAsync(console, options, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, SimulatorOptions options, CancellationToken ct)
    {
        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, answers: null, ct);
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
