using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QualityWatch.Alerts;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Collector;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Metrics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Dashboards.Tests.Support;
using QualityWatch.Detection.Engine;
using QualityWatch.Providers;
using QualityWatch.Simulator;
using QualityWatch.Simulator.Timing;
using QualityWatch.Storage.Alerts;
using QualityWatch.TestSupport.Collector;

namespace QualityWatch.Dashboards.Tests.EndToEnd;

/// <summary>
/// The setup an SRE runs: QualityWatch's collector (real Kestrel, SQLite in a temp folder) receiving simulated
/// production traffic and the canary runner's spans (against the provider simulator) over OTLP, detection and the
/// alert pipeline running on its data, and a real Prometheus scraping its <c>/metrics</c> every second with the
/// shipped rule file loaded. Traffic keeps flowing until the fixture is disposed, so rates stay above zero.
/// </summary>
public sealed class MonitoredCollector : IAsyncLifetime
{
    public const string IngestKey = "dashboards-e2e-ingest-key-5b1e";

    // The simulator's default models; an availability SLO is configured for each.
    private static readonly (string Provider, string Model)[] Models =
    [
        ("openai", "gpt-4o-mini"), ("openai", "gpt-4.1"), ("anthropic", "claude-sonnet-4"), ("gcp.gemini", "gemini-2.5-flash"),
    ];

    // Canary suites the runner sends each round (all shipped suites would cost more CPU than the test needs).
    private static readonly string[] CanarySuites = ["arithmetic", "code", "long-context"];

    private readonly CancellationTokenSource _stop = new();
    private readonly DetectionEngine _detection = new(new DetectionEngineOptions());
    private CollectorHost? _collector;
    private SimulatorHost? _simulator;
    private CanaryRunner? _canaries;
    private TracerProvider? _canaryTracing;
    private Task? _traffic;
    private Exception? _trafficFailure;
    private int _callsSent;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public Uri CollectorBaseAddress { get; private set; } = null!;

    /// <summary>LLM calls and canary calls sent so far.</summary>
    public int CallsSent => Volatile.Read(ref _callsSent);

    public async Task InitializeAsync()
    {
        // The shared collector host (real Kestrel, SQLite in a temp folder) with this fixture's key and SLOs, and no gRPC.
        var settings = new Dictionary<string, string?>
        {
            ["Collector:GrpcPort"] = "-1",
            ["Security:IngestKeys:0"] = IngestKey,
        };
        for (var i = 0; i < Models.Length; i++)
        {
            settings[$"Collector:SloTargets:{i}:Provider"] = Models[i].Provider;
            settings[$"Collector:SloTargets:{i}:Model"] = Models[i].Model;
            settings[$"Collector:SloTargets:{i}:Target"] = "0.999";
        }

        // The production chain behind /metrics: the collector's buckets feed the detection engine (which reports
        // qualitywatch_anomaly_score), whose findings go to the alert pipeline (qualitywatch_alerts_active).
        _collector = await CollectorHost.StartAsync(settings, builder =>
        {
            builder.Services.AddQualityWatchAlertStore().AddQualityWatchAlerts(builder.Configuration);
        });
        _ = new AnomalyScoreMetrics(_detection, _collector.Services.GetRequiredService<IMeterFactory>().Create(MeterNames.Detection));
        var port = _collector.HttpPort;
        CollectorBaseAddress = new Uri($"http://127.0.0.1:{port}/");

        await StartCanariesAsync();
        await SendUnauthorizedRequestAsync();
        await SendTrafficAsync(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow, iteration: 0);
        _traffic = Task.Run(KeepSendingAsync);

        Prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{port}"], [RepositoryFiles.RulesFile], TimeSpan.FromSeconds(1));
    }

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = CollectorBaseAddress };
        return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
    }

    public void ThrowIfTrafficFailed()
    {
        if (_trafficFailure is not null)
        {
            throw new InvalidOperationException("sending traffic to the collector failed", _trafficFailure);
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_traffic is not null)
        {
            await _traffic;
        }

        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        _canaryTracing?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task KeepSendingAsync()
    {
        var from = DateTimeOffset.UtcNow;
        for (var iteration = 1; !_stop.IsCancellationRequested; iteration++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                var to = DateTimeOffset.UtcNow;
                await SendTrafficAsync(from, to, iteration);
                from = to;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Reported by the test through ThrowIfTrafficFailed rather than lost in a background task.
                _trafficFailure = e;
                return;
            }
        }
    }

    private async Task SendTrafficAsync(DateTimeOffset from, DateTimeOffset to, int iteration)
    {
        // Production-like traffic with errors (error.type), stray scripts and truncation, so that error, corruption
        // and finish-reason panels have something to show.
        var options = new SimulatorOptions
        {
            Seed = 11 + iteration,
            Scenarios =
            [
                new ScenarioOptions { Name = ScenarioNames.ErrorBurst, Model = "gpt-4o-mini", Parameters = new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 0.2 } },
                new ScenarioOptions { Name = ScenarioNames.OutputCorruption, Model = "claude-sonnet-4" },
                new ScenarioOptions { Name = ScenarioNames.Truncation, Model = "gemini-2.5-flash" },
                // Only inside the 10-minute backfill: the fingerprint of gpt-4.1 changes twice.
                new ScenarioOptions { Name = ScenarioNames.SilentModelSwap, Model = "gpt-4.1", StartAfter = TimeSpan.FromMinutes(4), Duration = TimeSpan.FromMinutes(3) },
            ],
        };
        var traffic = new SyntheticTraffic(options, clockStart: from) { SourceName = $"QualityWatch.Dashboards.Tests.Traffic.{Guid.NewGuid():N}" };
        using (var tracing = OtlpExport.Start(traffic.SourceName, traffic.ServiceName, CollectorBaseAddress, IngestKey))
        {
            Interlocked.Add(ref _callsSent, await traffic.ProduceAsync(from, to, callsPerMinute: 1200, ct => Task.Run(() => tracing.ForceFlush(30_000), ct), _stop.Token));
        }

        await RunCanariesAsync(iteration);
        await DetectAsync(to);
    }

    // QualityWatch's canary runner against the provider simulator (OpenAI, Anthropic and Gemini wire protocols
    // through the official SDKs), answering the shipped golden suites; its spans go to the collector over OTLP.
    private async Task StartCanariesAsync()
    {
        var suites = SuiteLoader.LoadDirectory(Path.Combine(RepositoryFiles.Root, "canaries")).Suites;
        _simulator = await SimulatorHost.StartAsync(
            new SimulatorOptions { Seed = 5, Speed = 0, LatencyScale = 0 }, new SuiteAnswerBook(suites), _stop.Token);
        ProviderOptions Provider(string kind, string model, string path) => new()
        {
            Name = $"sim-{kind}",
            Kind = kind,
            Model = model,
            BaseUrl = new Uri(_simulator.BaseUrl, path).ToString(),
            MaxRetries = 0,
            TimeoutSeconds = 20,
            MaxConcurrency = 8,
            InputPricePerMillion = 0.15m,
            OutputPricePerMillion = 0.60m,
            CircuitMinimumThroughput = 1000,
        };
        _canaries = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = [.. suites.Where(s => CanarySuites.Contains(s.Name, StringComparer.Ordinal))],
            Targets =
            [
                CanaryTarget.Create(Provider("openai", "gpt-4o-mini", "v1"), new SimulatedTimingHandler()),
                CanaryTarget.Create(Provider("anthropic", "claude-sonnet-4", string.Empty), new SimulatedTimingHandler()),
                CanaryTarget.Create(Provider("gemini", "gemini-2.5-flash", string.Empty), new SimulatedTimingHandler()),
            ],
            // The simulator's virtual-time latencies, as the demo reports them.
            CallTimer = new SimulatedCallTimer(),
            // Under serve's default session identities.
            Sessions = CanarySessions.DefaultCount,
        });
        _canaryTracing = OtlpExport.Start(CanaryTelemetry.SourceName, "qualitywatch-canaries", CollectorBaseAddress, IngestKey);
    }

    private async Task RunCanariesAsync(int iteration)
    {
        var results = await _canaries!.RunRoundAsync(iteration + 1, _stop.Token);
        _canaryTracing!.ForceFlush(10_000);
        Interlocked.Add(ref _callsSent, results.Count);
    }

    // One detection pass over the buckets stored so far, as QualityWatch's scheduler runs it.
    private async Task DetectAsync(DateTimeOffset now)
    {
        var services = _collector!.Services;
        var buckets = await services.GetRequiredService<ISeriesBucketSource>().QueryBucketsAsync(now.AddHours(-1), now.AddMinutes(1), _stop.Token);
        await _detection.EvaluateAsync(buckets, [], services.GetRequiredService<IFindingSink>(), now, _stop.Token);
    }

    private async Task SendUnauthorizedRequestAsync()
    {
        using var http = new HttpClient { BaseAddress = CollectorBaseAddress };
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.PostAsync(new Uri("v1/traces", UriKind.Relative), content);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"a request without a key got {(int)response.StatusCode}, expected 401: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
