using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Microsoft.Extensions.Options;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Serve;
using QualityWatch.Cli.Telemetry;
using QualityWatch.Collector;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Demo;

/// <summary>
/// Plays a <see cref="DemoPlan"/> through <c>serve</c>'s own composition (<see cref="ServeComposition"/>: one SQLite
/// database, the collector, alerts and review page, the detection engine) plus what only the demo has: the simulator
/// serving five models over the OpenAI, Anthropic and Gemini wire protocols, its virtual clock, and synthetic
/// application traffic. Each step the canary runner calls the simulator through the real adapters and exports its
/// spans over OTLP to the collector, and the demo runs <c>serve</c>'s detection pass (<see cref="DetectionPasses"/>)
/// for that step itself instead of <c>serve</c>'s minute timer. The clock is stepped, so 48 hours take a few minutes.
/// </summary>
internal sealed class DemoRunner(DemoSettings settings, CliConsole console)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromHours(4);

    public async Task<(DemoPlan Plan, DateTimeOffset Start, DemoOutcome Outcome)> RunAsync(CancellationToken cancellationToken)
    {
        settings.Validate();
        var plan = DemoPlan.Create(settings.Scenario, settings.Hours);
        var suitesDirectory = SuitesDirectory();
        var suites = LoadSuites(suitesDirectory);
        var dataDirectory = settings.DataDirectory ?? Directory.CreateTempSubdirectory("qualitywatch-demo-").FullName;
        Directory.CreateDirectory(dataDirectory);

        // The story ends now: event times stay in the past, as the collector requires of real telemetry.
        var now = DateTimeOffset.UtcNow;
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var start = end - plan.Length;

        await using var simulator = await SimulatorHost.StartAsync(plan.SimulatorOptions(settings.Seed, start, LatencyScale), new SuiteAnswerBook(suites), cancellationToken);
        // Random per run and printed once: the review page asks for it to acknowledge or silence an incident.
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var app = ServeComposition.Build(
            DemoConfiguration(dataDirectory, adminKey, plan, simulator.BaseUrl, suitesDirectory),
            // The demo steps a virtual clock and runs each step's canary round and detection pass itself below.
            ServeSchedule.SteppedByCaller,
            builder =>
            {
                builder.Logging.ClearProviders();
                // The canaries follow the simulator's virtual clock; everything else keeps the wall clock.
                builder.Services.AddKeyedSingleton<TimeProvider>(CanariesCompositionExtensions.ClockKey, simulator.Clock);
            });
        await app.StartAsync(cancellationToken);
        var ports = app.Services.GetRequiredService<CollectorEndpoints>();
        var canaryStore = app.Services.GetRequiredService<SqlCanaryResultStore>();
        var passes = app.Services.GetRequiredService<DetectionPasses>();
        var collectorUrl = new Uri($"http://127.0.0.1:{ports.HttpPort}/");
        await console.Out.WriteLineAsync($"QualityWatch demo — scenario '{plan.Name}', {plan.Length.TotalHours:0} simulated hours ending now");
        await console.Out.WriteLineAsync($"  simulator   {simulator.BaseUrl}  (OpenAI /v1, Anthropic /v1/messages, Gemini /v1beta; truth at /sim/state)");
        await console.Out.WriteLineAsync($"  collector   OTLP/HTTP {collectorUrl}v1/traces, OTLP/gRPC 127.0.0.1:{ports.GrpcPort}");
        await console.Out.WriteLineAsync($"  review page {collectorUrl}   metrics {collectorUrl}metrics");
        await console.Out.WriteLineAsync($"  admin key   {adminKey}");
        await console.Out.WriteLineAsync($"  data        {Path.Combine(dataDirectory, "qualitywatch.db")}");
        foreach (var fault in plan.Faults)
        {
            await console.Out.WriteLineAsync($"  injecting   {fault.Scenario} on {fault.Provider} ({fault.Model}) from +{Format(fault.Start)}: {fault.Incident}");
        }

        // serve's canary runner (providers and suites from the configuration above), stepped here instead of scheduled.
        var runner = app.Services.GetRequiredService<CanaryRunner>();
        using var canaryTracing = CanaryTraceExport.Start(collectorUrl, ingestKey: null);
        var traffic = simulator.CreateTraffic();
        var telemetry = app.Services.GetRequiredService<TelemetryStore>();
        var alerts = app.Services.GetRequiredService<IAlertStore>();
        var panel = DemoSuites.Panel(suites, settings.CasesPerRound);
        var announced = new HashSet<string>(StringComparer.Ordinal);
        var announcedIncidents = new HashSet<string>(StringComparer.Ordinal);
        var window = new List<CanaryResult>();
        var wall = Stopwatch.StartNew();
        var round = 0;
        var canaryRound = 0;
        // Adaptive canaries as serve's scheduler runs them: a suite on a provider whose evidence is rising also runs
        // (multiplier − 1) extra times, spread over the step, and the scheduler's ledger pays for those calls by
        // deferring scheduled runs of that provider's other suites.
        var evidence = app.Services.GetService<ICanaryEvidence>();
        var canaryOptions = app.Services.GetRequiredService<IOptions<CanariesOptions>>().Value;
        var extraRunsPerStep = evidence is null ? 0 : (int)Math.Round(canaryOptions.AdaptiveRateMultiplier) - 1;
        var ledger = AdaptiveCallLedger.For(canaryOptions);
        long boostedRuns = 0;
        var nextProgress = start + ProgressEvery;
        // serve's detection pass, stepped: the state restore (none yet in a new database), then each step reads the
        // step's buckets and the canary results stored since the watermark, evaluates and saves the engine's state.
        await passes.RestoreAsync(cancellationToken);
        var evaluatedUntil = start;

        for (var t = start + settings.Step; t <= end; t += settings.Step)
        {
            round++;
            var boosted = extraRunsPerStep == 0 ? [] : panel
                .Select(suite => (Suite: suite, Providers: runner.Options.Targets
                    .Where(target => CanaryScheduler.IsBoosted(evidence, canaryOptions, target, suite.Name))
                    .Select(target => target.Options.Name).ToList()))
                .Where(b => b.Providers.Count > 0)
                .ToList();
            for (var extra = 1; extra <= extraRunsPerStep && boosted.Count > 0; extra++)
            {
                simulator.Clock.SetTime(t - settings.Step + (settings.Step * extra / (extraRunsPerStep + 1)));
                foreach (var (suite, boostedOn) in boosted)
                {
                    var providers = boostedOn.Where(p => ledger.TryRecordExtra(p, suite.Name, AdaptiveCallLedger.CallsOf(suite), boosted.Where(b => b.Providers.Contains(p)).Select(b => b.Suite.Name).ToList())).ToList();
                    if (providers.Count > 0)
                    {
                        window.AddRange(await runner.RunSuitesAsync(++canaryRound, [suite], cancellationToken, providers));
                        boostedRuns += providers.Count;
                    }
                }
            }

            simulator.Clock.SetTime(t);
            await SyntheticTrafficExport.EmitAsync(traffic, collectorUrl, null, t - settings.Step, t, settings.TrafficPerMinute, cancellationToken);
            window.AddRange(await RunPanelAsync(runner, ++canaryRound, panel, boosted, ledger, cancellationToken));
            canaryTracing.ForceFlush(30_000);
            evaluatedUntil = await passes.PassAsync(evaluatedUntil, t, cancellationToken);

            // In a stable order, so that runs with one seed print the same lines.
            var open = await alerts.ListOpenAsync(cancellationToken);
            foreach (var alert in open.OrderBy(a => a.FirstSeenAt).ThenBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Series, StringComparer.Ordinal).ThenBy(a => a.Suite, StringComparer.Ordinal))
            {
                if (announced.Add(alert.Id))
                {
                    // Canary calls form one series per suite: name it, or a drift seen by every suite reads as duplicates.
                    var suite = alert.Suite is null ? string.Empty : $" (suite {alert.Suite})";
                    await console.Out.WriteLineAsync($"  +{Format(t - start)}  ALERT {alert.Severity.ToString().ToUpperInvariant()} {alert.Kind} on {alert.Provider}/{alert.Model}{suite}: {alert.Summary}");
                }
            }

            var openIncidents = await alerts.QueryIncidentsAsync(new IncidentQuery(Open: true, Limit: 10_000), cancellationToken);
            foreach (var incident in openIncidents.Where(i => announcedIncidents.Add(i.Id)).OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal))
            {
                await console.Out.WriteLineAsync($"  +{Format(t - start)}  INCIDENT {incident.Id} {incident.Kind} on {incident.Provider}/{incident.Model}");
            }

            if (t >= nextProgress || t + settings.Step > end)
            {
                var buckets = await telemetry.QueryBucketsAsync(t - settings.Step, t, cancellationToken);
                await console.Out.WriteLineAsync($"  +{Format(t - start)}  {ProgressLine(plan, window, buckets)}  | open incidents {openIncidents.Count} ({open.Count} alerts)");
                window.Clear();
                nextProgress += ProgressEvery;
            }

            await PaceAsync(wall, t - start, cancellationToken);
        }

        var everyAlert = await alerts.QueryAsync(new AlertQuery(Limit: 10_000), cancellationToken);
        var everyIncident = await alerts.QueryIncidentsAsync(new IncidentQuery(Limit: 10_000), cancellationToken);
        var outcome = DemoOutcome.Judge(plan, start, end, everyIncident
            .Select(i => new DemoIncident(i.Id, i.Kind, i.Provider, i.Model, i.OpenedAt, i.ResolvedAt, i.Summary, everyAlert.Count(a => a.IncidentId == i.Id)))
            .ToList());
        var scheduledPerDay = panel.Sum(AdaptiveCallLedger.CallsOf) * (TimeSpan.FromDays(1) / settings.Step);
        var spend = await DemoSpend.ReadAsync(canaryStore, plan, outcome, start, end, scheduledPerDay, cancellationToken);
        await DemoReport.WriteAsync(console, plan, outcome, wall.Elapsed, round, boostedRuns, ledger.DeferredRuns, ledger.HeldRuns, spend);

        if (settings.KeepServing)
        {
            await console.Out.WriteLineAsync($"Serving the review page at {collectorUrl} and metrics at {collectorUrl}metrics until Ctrl+C.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C ends the demo normally: the summary has been printed.
            }
        }

        await app.StopAsync(CancellationToken.None);
        return (plan, start, outcome);
    }

    /// <summary>
    /// The step's scheduled round of the panel: each suite on every provider where the ledger does not defer it (the
    /// whole panel in one call when nothing is deferred, as before budget-neutral adaptive canaries).
    /// </summary>
    private static async Task<IReadOnlyList<CanaryResult>> RunPanelAsync(CanaryRunner runner, int canaryRound, IReadOnlyList<CanarySuite> panel, List<(CanarySuite Suite, List<string> Providers)> boosted, AdaptiveCallLedger ledger, CancellationToken cancellationToken)
    {
        var perProvider = runner.Options.Targets
            .Select(target => (Provider: target.Options.Name, Suites: panel
                .Where(suite => !ledger.TryDefer(target.Options.Name, suite.Name, AdaptiveCallLedger.CallsOf(suite),
                    boosted.Any(b => b.Suite == suite && b.Providers.Contains(target.Options.Name))))
                .ToList()))
            .ToList();
        if (perProvider.All(p => p.Suites.Count == panel.Count))
        {
            return await runner.RunSuitesAsync(canaryRound, panel, cancellationToken);
        }

        // One round number for the step, as before; provider by provider, in the runner's order, so output stays stable.
        var batches = await Task.WhenAll(perProvider.Where(p => p.Suites.Count > 0)
            .Select(p => runner.RunSuitesAsync(canaryRound, p.Suites, cancellationToken, [p.Provider])));
        return batches.SelectMany(b => b).ToList();
    }

    /// <summary>Real sleep per simulated second of latency: small, so the run is fast but latencies still differ.</summary>
    private const double LatencyScale = 0.0005;

    private static string ProgressLine(DemoPlan plan, List<CanaryResult> window, IReadOnlyList<Core.Telemetry.SeriesBucket> buckets)
    {
        var parts = plan.Providers.Select(p =>
        {
            var answered = window.Where(r => r.Provider == p.Name && r.Outcome != CanaryOutcome.Unavailable).ToList();
            var rate = answered.Count == 0 ? double.NaN : (double)answered.Count(r => r.Outcome == CanaryOutcome.Passed) / answered.Count;
            var latency = buckets.Where(b => b.Key.Model == p.Model && b.LatencyP50Seconds is not null).Select(b => b.LatencyP50Seconds!.Value).DefaultIfEmpty(double.NaN).Average();
            return $"{p.Name} {rate:P0} p50 {latency:0.00}s";
        });
        return string.Join(" | ", parts);
    }

    private async Task PaceAsync(Stopwatch wall, TimeSpan simulated, CancellationToken cancellationToken)
    {
        if (settings.Speed <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(simulated.TotalSeconds / settings.Speed) - wall.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, cancellationToken);
        }
    }

    private string SuitesDirectory() => settings.SuitesDirectory ?? DemoSuites.FindCanariesDirectory()
        ?? throw CliException.Usage("cannot find the canaries/ directory; run from the repository or pass --suites DIR");

    private static IReadOnlyList<CanarySuite> LoadSuites(string directory)
    {
        var load = SuiteLoader.LoadDirectory(directory);
        return load.Suites.Count > 0 ? load.Suites : throw CliException.Usage($"no valid canary suite in {directory}");
    }

    internal static IConfigurationRoot DemoConfiguration(string dataDirectory, string adminKey, DemoPlan plan, Uri simulator, string suitesDirectory)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:Path"] = Path.Combine(dataDirectory, "qualitywatch.db"),
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = "0",
            ["Collector:Limits:MaxFutureSkewMinutes"] = "60",
            // The healthy provider's eight canary series see about 20,000 checks in 48 hours; ARL₀ = 2,000,000 checks
            // per series keeps the chance of any false alarm on it near 1 % (200,000 made it about 10 %), at the cost of
            // a delay about a fifth longer (the threshold grows with log ARL₀). The CUSUM is tuned for a 3-point drop,
            // the size of the top-k miscompilation.
            ["Detection:QualityArl0"] = "2000000",
            ["Detection:MinimumDetectableDrop"] = "0.03",
            ["Security:AdminKeys:0"] = adminKey,
            // serve's canaries, pointed at the simulator: streamed (time to first token), timed in its virtual time.
            ["Canaries:Suites:0"] = suitesDirectory,
            ["Canaries:Streaming"] = "true",
            ["Canaries:LatencyScale"] = LatencyScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < plan.Providers.Count; i++)
        {
            var provider = plan.Providers[i];
            var prefix = $"Providers:{i}:";
            values[prefix + "Name"] = provider.Name;
            values[prefix + "Kind"] = provider.Kind;
            values[prefix + "Model"] = provider.Model;
            values[prefix + "BaseUrl"] = provider.Kind == "openai" ? new Uri(simulator, "v1").ToString() : simulator.ToString();
            // OpenAI reports log-probabilities (Anthropic and Gemini here do not): the greedy-violation probe runs on it.
            values[prefix + "Logprobs"] = provider.Kind == "openai" ? "true" : "false";
            values[prefix + "MaxConcurrency"] = "8";
            values[prefix + "MaxRetries"] = "0";
            values[prefix + "TimeoutSeconds"] = "30";
            values[prefix + "InputPricePerMillion"] = "3";
            values[prefix + "OutputPricePerMillion"] = "15";
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    internal static string Format(TimeSpan span) => $"{(int)span.TotalHours:00}:{span.Minutes:00}";
}
