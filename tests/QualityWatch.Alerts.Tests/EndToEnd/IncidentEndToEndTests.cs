using Microsoft.Playwright;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.EndToEnd;

/// <summary>
/// One incident from canary outcomes to resolution: 150 one-minute evaluation passes over two providers, a fault on one
/// of them from minute 40 to 90. Exactly one alert; it reaches a real Alertmanager and a signed webhook, shows on the
/// review page, escalates, and resolves after the series has been healthy for the auto-resolve time.
/// </summary>
public sealed class IncidentEndToEndTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task FaultOnOneProvider_RaisesOneAlert_NotifiesEverywhere_ShowsOnPage_AndResolvesWhenHealthy()
    {
        var secretEnv = "QW_TEST_E2E_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "e2e-hmac");
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync("e2e-hmac");
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Alertmanager:0"] = alertmanager.BaseAddress.ToString(),
            ["Alerts:Routes:Webhooks:0:Url"] = hook.Url.ToString(),
            ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
            ["Alerts:AutoResolveAfter"] = "00:10:00",
        });
        var faulty = Canary("openai-prod", "gpt-4o", "arithmetic");
        var steady = Canary("anthropic-prod", "claude", "arithmetic");
        var detectors = new Dictionary<SeriesKey, CanaryCusum> { [faulty] = new(faulty, 8), [steady] = new(steady, 8) };
        var random = new Random(20261121);
        var start = DateTimeOffset.UtcNow.AddMinutes(-160);

        async Task RunPassesAsync(int from, int to)
        {
            for (var minute = from; minute < to; minute++)
            {
                var at = start.AddMinutes(minute);
                var findings = new List<Finding>();
                var healthy = new List<SeriesKey>();
                foreach (var (series, detector) in detectors)
                {
                    var faultActive = series == faulty && minute is >= 40 and < 90;
                    var passRate = faultActive ? 0.72 : 0.985;
                    var passed = Enumerable.Range(0, 20).Count(_ => random.NextDouble() < passRate);
                    var example = passed < 20 ? new FindingExample(at, $"arith-{minute % 7}", "The answer is 42.", faultActive ? "The answer is 41. ครับ" : "42?", new Dictionary<string, string> { ["finish_reason"] = "stop" }) : null;
                    var (finding, isHealthy) = detector.Evaluate(at, passed, 20, example);
                    if (finding is not null)
                    {
                        findings.Add(finding);
                    }

                    if (isHealthy)
                    {
                        healthy.Add(series);
                    }
                }

                await app.Sink.PublishAsync(findings, healthy, at, CancellationToken.None);
            }
        }

        // During the fault: one alert, delivered to Alertmanager and the webhook, visible on the page.
        await RunPassesAsync(0, 70);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var all = await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None);
        var alert = Assert.Single(all);
        Assert.Equal("openai-prod", alert.Provider);
        Assert.InRange(alert.FindingCount, 25, 31);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.InRange(alert.Evidence.EstimatedStart, start.AddMinutes(38), start.AddMinutes(41));
        var inAlertmanager = Assert.Single(await alertmanager.GetAlertsAsync());
        Assert.Equal("critical", inAlertmanager.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal(alert.IncidentId, inAlertmanager.GetProperty("labels").GetProperty("incident_id").GetString());
        Assert.Equal("firing", hook.Received.First().Event);

        var page = await (await chromium.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/alerts").ToString());
        Assert.Equal(1, await page.Locator("tr.alert-row").CountAsync());
        await page.ClickAsync("tr.alert-row a");
        await page.WaitForURLAsync($"**/alerts/{alert.Id}");
        Assert.Equal("firing", await page.Locator("#alert-state").InnerTextAsync());
        // No series store is registered here: the page says so instead of drawing the evidence's two numbers as a line.
        Assert.Equal(0, await page.Locator("svg#series-chart").CountAsync());
        Assert.Contains("No stored series", await page.Locator("#no-series-data").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("ครับ", await page.Locator(".example pre.diff").First.InnerTextAsync(), StringComparison.Ordinal);

        // The fault ends; after ten healthy minutes the alert resolves and every receiver hears it.
        await RunPassesAsync(70, 150);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var resolved = Assert.Single(await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(alert.Id, resolved.Id);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal("auto", resolved.ResolvedBy);
        Assert.InRange(resolved.ResolvedAt!.Value, start.AddMinutes(100), start.AddMinutes(115));
        Assert.Empty(await alertmanager.GetAlertsAsync());
        Assert.Equal("resolved", hook.Received.Last().Event);
        Assert.Single(hook.Received, r => r.Event == "firing");
        Assert.Equal(0, hook.RejectedSignatures);
        Assert.Empty(await app.Store.GetUndeliveredAsync(100, CancellationToken.None));
        await page.ReloadAsync();
        Assert.Equal("resolved", await page.Locator("#alert-state").InnerTextAsync());
    }
}
