using System.Net;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Providers;
using QualityWatch.Simulator;
using QualityWatch.Simulator.Timing;

namespace QualityWatch.Alerts.Tests.EndToEnd;

/// <summary>
/// The whole path with nothing stood in: the simulator injects a quality fault on one model for 40 minutes, the
/// canary runner calls it over the real OpenAI and Anthropic wire protocols, the real detection engine raises a
/// finding, the pipeline keeps it to one alert, the alert reaches a real Alertmanager and a signed webhook, the review
/// page shows it, and it resolves once the fault has ended.
/// </summary>
public sealed class SimulatorToAlertmanagerTests
{
    private const int FaultFrom = 60;
    private const int FaultMinutes = 40;

    [Fact]
    public async Task TopKFaultOnOneModel_OneIncident_ReachesAlertmanagerWebhookAndPage_ThenResolves()
    {
        var secretEnv = "QW_TEST_SIM_E2E_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "sim-e2e-hmac");
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync("sim-e2e-hmac");
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Alertmanager:0"] = alertmanager.BaseAddress.ToString(),
            ["Alerts:Routes:Webhooks:0:Url"] = hook.Url.ToString(),
            ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
            ["Alerts:AutoResolveAfter"] = "00:10:00",
        });

        var suite = SuiteLoader.LoadFiles([ShippedSuite("arithmetic.yaml")]).Suites.Single();
        var panel = suite with { Cases = suite.Cases.Take(25).ToList() };
        var start = DateTimeOffset.UtcNow.AddMinutes(-200);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Speed = 0,
            LatencyScale = 0,
            Seed = 11,
            StartTime = start,
            Scenarios =
            [
                new ScenarioOptions
                {
                    Name = ScenarioNames.TopKMiscompile, Model = "gpt-4o-mini", StartAfter = TimeSpan.FromMinutes(FaultFrom),
                    Duration = TimeSpan.FromMinutes(FaultMinutes), Parameters = new(StringComparer.OrdinalIgnoreCase) { ["AccuracyDrop"] = 0.3 },
                },
            ],
        }, new SuiteAnswerBook([suite]), CancellationToken.None);

        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = "sim-e2e",
            Suites = [panel],
            Targets =
            [
                CanaryTarget.Create(new ProviderOptions { Name = "openai-prod", Kind = "openai", Model = "gpt-4o-mini", BaseUrl = new Uri(simulator.BaseUrl, "v1").ToString(), MaxRetries = 0 }, new SimulatedTimingHandler()),
                CanaryTarget.Create(new ProviderOptions { Name = "anthropic-prod", Kind = "anthropic", Model = "claude-sonnet-4", BaseUrl = simulator.BaseUrl.ToString(), MaxRetries = 0 }, new SimulatedTimingHandler()),
            ],
            // The simulator's virtual-time latencies, as the demo reports them.
            CallTimer = new SimulatedCallTimer(),
            TimeProvider = simulator.Clock,
            Streaming = false,
            // As serve sends them: under stable session identities (a drop on the whole model must not look sticky).
            Sessions = CanarySessions.DefaultCount,
        });
        // Two series × 5,000 checks: ARL₀ 10⁶ keeps a false alarm on the healthy model out of the run, while a
        // 30-point drop still crosses the threshold within minutes.
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityWarmupChecks = 200, QualityArl0 = 1_000_000 });

        async Task RunMinutesAsync(int from, int to)
        {
            for (var minute = from; minute < to; minute++)
            {
                var at = start.AddMinutes(minute);
                simulator.Clock.SetTime(at);
                var results = await runner.RunRoundAsync(minute + 1, CancellationToken.None);
                await engine.EvaluateAsync([], results, app.Sink, at.AddSeconds(30), CancellationToken.None);
            }
        }

        // During the fault: one incident, on the faulty model only, delivered and on the page. The top-k fault (30
        // points here) shows both as a pass-rate drop and as temperature-0 answers that stop being identical (sampling
        // divergence): two alerts of one output incident.
        await RunMinutesAsync(0, FaultFrom + 30);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var alerts = await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None);
        Assert.Single(alerts.Select(a => a.IncidentId).Distinct());
        Assert.All(alerts, a => Assert.Equal(("openai-prod", "gpt-4o-mini"), (a.Provider, a.Model)));
        Assert.Contains(alerts, a => a.Kind == FindingKinds.SamplingDivergence);
        var alert = Assert.Single(alerts, a => a.Kind == FindingKinds.QualityRegression);
        Assert.Equal("openai-prod", alert.Provider);
        Assert.Equal("gpt-4o-mini", alert.Model);
        Assert.InRange(alert.FirstSeenAt, start.AddMinutes(FaultFrom), start.AddMinutes(FaultFrom + 30));
        Assert.NotEmpty(alert.Evidence.Examples);
        var inAlertmanager = Assert.Single(await alertmanager.GetAlertsAsync());
        Assert.Equal("openai-prod", inAlertmanager.GetProperty("labels").GetProperty("provider").GetString());
        Assert.Equal("firing", Assert.Single(hook.Received).Event);
        var page = await app.Client.GetAsync(new Uri(app.BaseAddress, $"/alerts/{alert.Id}"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("gpt-4o-mini", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The fault ends; once the series has been healthy for the auto-resolve time, every receiver hears it.
        await RunMinutesAsync(FaultFrom + 30, 200);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var resolved = await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None);
        Assert.Equal(alerts.Select(a => a.Id).Order(), resolved.Select(a => a.Id).Order());
        Assert.All(resolved, r => Assert.Equal(AlertState.Resolved, r.State));
        Assert.All(resolved, r => Assert.True(r.ResolvedAt > start.AddMinutes(FaultFrom + FaultMinutes), "resolved only after the fault ended"));
        Assert.Empty(await alertmanager.GetAlertsAsync());
        Assert.Equal("resolved", hook.Received.Last().Event);
        Assert.Equal(0, hook.RejectedSignatures);
    }

    private static string ShippedSuite(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "canaries", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("the shipped canaries/" + file);
    }
}
