using System.CommandLine;
using Microsoft.Extensions.Configuration;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Commands;
using QualityWatch.Cli.Telemetry;
using QualityWatch.Core.Canaries;
using QualityWatch.Providers;
using QualityWatch.Simulator.Timing;
using QualityWatch.Storage;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;
using Spectre.Console;

namespace QualityWatch.Cli.Canaries;

/// <summary>
/// `qualitywatch canary run`: sends the suites to every configured provider for N rounds, shows progress and a
/// summary table, stores the results and optionally writes a JSON report. Exit 3 when every provider was unavailable.
/// </summary>
internal static class CanaryRunVerb
{
    public static Command Create(CliConsole console)
    {
        var config = CommonOptions.Config(required: true);
        var suites = CanaryOptions.Suite();
        var providers = new Option<string[]>("--provider", "-p") { Description = "Only these configured providers (repeatable)." };
        var rounds = new Option<int>("--rounds", "-n") { Description = "Rounds to run.", DefaultValueFactory = _ => 1 };
        var interval = new Option<string?>("--interval") { Description = "Wait between round starts, e.g. 30s or 5m (default: back to back)." };
        var report = new Option<FileInfo?>("--report") { Description = "Write every result and the summary as JSON to this file." };
        var noStore = new Option<bool>("--no-store") { Description = "Do not write results to the configured storage." };
        var otlp = new Option<Uri?>("--otlp") { Description = "Export canary spans over OTLP http/protobuf to this collector URL." };
        var command = new Command("run", "Send the golden suites to every configured provider, score them and record the results.")
        {
            config, suites, providers, rounds, interval, report, noStore, otlp,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            console,
            new RunRequest(
                parseResult.GetValue(config),
                parseResult.GetValue(suites),
                parseResult.GetValue(providers),
                parseResult.GetValue(rounds),
                parseResult.GetValue(interval),
                parseResult.GetValue(report),
                parseResult.GetValue(noStore),
                parseResult.GetValue(otlp)),
            cancellationToken));
        return command;
    }

    internal sealed record RunRequest(FileInfo? Config, string[]? Suites, string[]? Providers, int Rounds, string? Interval, FileInfo? Report, bool NoStore, Uri? Otlp);

    internal static async Task<int> RunAsync(CliConsole console, RunRequest request, CancellationToken cancellationToken)
    {
        if (request.Rounds < 1)
        {
            throw CliException.Usage("--rounds must be at least 1");
        }

        var wait = TimeSpan.Zero;
        if (request.Interval is not null && !DurationParser.TryParse(request.Interval, out wait))
        {
            throw CliException.Usage($"--interval '{request.Interval}' is not a duration (use 30s, 5m, 1h)");
        }

        var configuration = CommonOptions.LoadConfiguration(request.Config);
        var targets = CreateTargets(configuration, request.Providers);
        var loaded = SuiteLoader.LoadFiles(CanaryOptions.SuitePaths(request.Suites, request.Config));
        foreach (var problem in loaded.Problems)
        {
            // A bad suite file never stops the valid ones: report it and go on.
            await console.Error.WriteLineAsync($"qualitywatch: skipped: {problem}");
        }

        if (loaded.Suites.Count == 0)
        {
            throw CliException.Usage("no valid suite to run (see qualitywatch canary validate)");
        }

        var settings = configuration.GetSection("Canaries").Get<CanariesOptions>() ?? new CanariesOptions();
        try
        {
            // The section's own checks (latency scale, sessions, …), as serve applies them at start.
            settings.Validate();
        }
        catch (ArgumentException exception)
        {
            throw CliException.Usage(Serve.OptionsFailure.OneLine(exception));
        }

        var latencyScale = settings.LatencyScale;

        var otlpEndpoint = request.Otlp ?? (settings.OtlpEndpoint is { Length: > 0 } configured ? new Uri(configured) : null);
        var ingestKey = settings.OtlpIngestKeyEnv is { Length: > 0 } keyEnv ? Environment.GetEnvironmentVariable(keyEnv) : null;
        using var tracing = otlpEndpoint is null ? null : CanaryTraceExport.Start(otlpEndpoint, ingestKey);
        await using var database = request.NoStore ? null : await OpenStorageAsync(configuration, cancellationToken);
        var detection = await CanaryRunDetection.StartAsync(configuration, database, cancellationToken);
        var ansi = CreateAnsiConsole(console);
        var all = new List<CanaryResult>();
        try
        {
            var runnerOptions = new CanaryRunnerOptions
            {
                Suites = loaded.Suites,
                Targets = targets,
                CallTimer = new SimulatedCallTimer(latencyScale),
                Streaming = settings.Streaming,
                Sessions = settings.Sessions,
                Store = database is null ? null : new SqlCanaryResultStore(database),
            };
            var perRound = targets.Count * loaded.Suites.Sum(s => s.Cases.Sum(c => c.Repeat));
            await ansi.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"canaries ({targets.Count} provider(s), {perRound} call(s) per round)", maxValue: perRound * (double)request.Rounds);
                    runnerOptions.OnResult = _ => task.Increment(1);
                    var runner = new CanaryRunner(runnerOptions);
                    for (var round = 1; round <= request.Rounds; round++)
                    {
                        var started = DateTimeOffset.UtcNow;
                        var results = await runner.RunRoundAsync(round, cancellationToken);
                        all.AddRange(results);
                        detection.Observe(results, DateTimeOffset.UtcNow);
                        var remaining = wait - (DateTimeOffset.UtcNow - started);
                        if (round < request.Rounds && remaining > TimeSpan.Zero)
                        {
                            await Task.Delay(remaining, cancellationToken);
                        }
                    }

                    task.Value = task.MaxValue;
                });
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Client.Dispose();
            }
        }

        var summary = CanarySummary.Summarise(all);
        ansi.Write(CanarySummaryTable.Build(summary));
        await detection.SaveAsync(DateTimeOffset.UtcNow, cancellationToken);
        foreach (var finding in detection.Findings)
        {
            await console.Out.WriteLineAsync($"ALERT {finding.Kind} on {finding.Series}: {finding.Summary}");
        }

        if (request.Report is { } reportFile)
        {
            await CanaryReportWriter.WriteAsync(reportFile, runIdOf(all), all, summary, detection.Findings, cancellationToken);
        }

        if (all.Count > 0 && targets.All(t => all.Where(r => r.Provider == t.Options.Name).All(r => r.Outcome == CanaryOutcome.Unavailable)))
        {
            throw CliException.Unavailable($"every provider was unavailable ({string.Join(", ", all.Select(r => r.ErrorType).Distinct())})");
        }

        return ExitCodes.Success;

        static string runIdOf(List<CanaryResult> results) => results.FirstOrDefault()?.RunId ?? string.Empty;
    }

    private static IAnsiConsole CreateAnsiConsole(CliConsole console)
    {
        // Colours and a live progress bar only on a real terminal; files and pipes get plain text, wide enough for the table.
        var terminal = ReferenceEquals(console.Out, Console.Out) && !Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            ansi.Profile.Width = 200;
        }

        return ansi;
    }

    private static List<CanaryTarget> CreateTargets(IConfiguration configuration, string[]? only)
    {
        var providers = configuration.GetSection(ProviderOptions.SectionName).Get<List<ProviderOptions>>() ?? [];
        if (providers.Count == 0)
        {
            throw CliException.Usage("no providers configured (add a 'providers:' list to the configuration)");
        }

        var problems = providers.SelectMany(p => p.Validate()).ToList();
        if (problems.Count > 0)
        {
            throw CliException.Usage(problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : string.Empty));
        }

        if (only is { Length: > 0 })
        {
            var unknown = only.FirstOrDefault(name => providers.All(p => p.Name != name));
            if (unknown is not null)
            {
                throw CliException.Usage($"--provider '{unknown}' is not configured (configured: {string.Join(", ", providers.Select(p => p.Name))})");
            }

            providers = providers.Where(p => only.Contains(p.Name)).ToList();
        }

        var targets = new List<CanaryTarget>();
        foreach (var provider in providers)
        {
            try
            {
                targets.Add(CliCanaryTargets.Create(provider));
            }
            catch (ArgumentException ex)
            {
                foreach (var target in targets)
                {
                    target.Client.Dispose();
                }

                throw CliException.Usage(ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
            }
        }

        return targets;
    }

    private static async Task<IQualityWatchDatabase> OpenStorageAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        try
        {
            return await QualityWatchDatabase.OpenAsync(storage, [.. CanaryStorage.Migrations, .. DetectionStorage.Migrations], cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }
}
