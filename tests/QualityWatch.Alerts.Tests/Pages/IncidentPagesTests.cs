using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Pages;

/// <summary>
/// The incident list and an incident page in headless Chromium against a real Kestrel app: a latency drift on
/// openai/gpt-4o-mini (median 800 ms → 1300 ms, p95 twice that) and a quality drop on anthropic/claude.
/// </summary>
public sealed class IncidentPagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly InMemoryBucketSource _buckets = new();
    private AlertsApp _app = null!;
    private DateTimeOffset _change;
    private SeriesKey _latencySeries = null!;

    public async Task InitializeAsync()
    {
        _app = await AlertsApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Alerts:ProviderFamilies:0:Provider"] = "openai-prod",
                ["Alerts:ProviderFamilies:0:Family"] = "openai",
                ["Alerts:GrafanaUrl"] = "https://grafana.example.com",
            },
            services => services.AddSingleton<ISeriesBucketSource>(_buckets));
        var now = DateTimeOffset.UtcNow;
        _change = Minute(now).AddMinutes(-60);
        var first = _change.AddMinutes(-120);
        _latencySeries = new SeriesKey("openai", "gpt-4o-mini", "chat", new SortedDictionary<string, string>(StringComparer.Ordinal));
        _buckets.AddMinutes(_latencySeries, first, Minute(now).AddMinutes(1), _ => 1.0, latencyAt: t => t < _change ? 0.8 : 1.3);
        var claude = Canary(provider: "anthropic-prod", model: "claude", suite: "arithmetic");
        _buckets.AddMinutes(claude, first, Minute(now).AddMinutes(1), t => t < _change ? 0.95 : 0.75);
        var detected = _change.AddMinutes(10);
        await _app.Sink.PublishAsync(
            [
                QualityDrop(detected, _latencySeries, kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.3, pValue: 1e-4)
                    with { Detector = "latency-mann-whitney", Statistic = "Mann–Whitney p-value", EstimatedStart = _change },
                QualityDrop(detected, claude, baseline: 0.95, current: 0.75) with { EstimatedStart = _change },
            ],
            [], detected, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task IncidentList_ShowsOpenIncidentsMostSevereFirst_AndFiltersTakeSeveralValues()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url("/incidents"));

        var rows = page.Locator("tr.incident-row");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("critical", await rows.Nth(0).GetAttributeAsync("data-severity"));
        Assert.Equal("quality-regression", await rows.Nth(0).Locator("td.kind").InnerTextAsync());
        Assert.Equal("latency-drift", await rows.Nth(1).Locator("td.kind").InnerTextAsync());
        Assert.Matches("^open (50|51) min$", await rows.Nth(1).Locator("td.duration").InnerTextAsync());
        Assert.Contains("ago", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync(Url("/incidents?state=open&state=resolved&kind=latency-drift&kind=availability"));
        Assert.Equal(1, await rows.CountAsync());
        Assert.True(await page.Locator("#state-resolved").IsCheckedAsync());
        Assert.Equal("openai / gpt-4o-mini", await rows.Locator("td.provider").InnerTextAsync());

        await page.ClickAsync("tr.incident-row td.provider a");
        await Assertions.Expect(page.Locator("#incident-headline")).ToHaveTextAsync("latency-drift on openai / gpt-4o-mini");
    }

    [Fact]
    public async Task IncidentPage_ChartsTheMedianTheDetectorTests_WithAxisLabelsLegendAndValuesMatchingTheEvidence()
    {
        var incident = await IncidentAsync(FindingKinds.LatencyDrift);
        var page = await NewPageAsync();
        await page.GotoAsync(Url($"/incidents/{incident.Id}"));

        var chart = page.Locator("svg#series-chart");
        Assert.Equal("median latency (ms)", await chart.Locator("text.y-axis-label").TextContentAsync());
        Assert.StartsWith("time (UTC)", await chart.Locator("text.x-axis-label").TextContentAsync(), StringComparison.Ordinal);
        var legend = await chart.Locator("g.legend text").AllTextContentsAsync();
        Assert.Equal(["observed", "baseline interval", "current interval", "estimated start", "detected"], legend);
        Assert.True(await chart.Locator("text.y-tick").CountAsync() >= 3);

        var points = await PointsAsync(page);
        // Two hours shown at 120 points at most: one point per two minutes, the median of their per-minute medians.
        Assert.InRange(points.Count, 55, 121);
        // The plotted statistic is the median (800 ms → 1300 ms), never the p95 (1600 ms → 2600 ms).
        Assert.All(points.Where(p => p.Time < _change.AddMinutes(-2)), p => Assert.Equal(800, p.Value, 6));
        Assert.All(points.Where(p => p.Time >= _change), p => Assert.Equal(1300, p.Value, 6));
        // From before the onset up to now.
        Assert.InRange(points.Min(p => p.Time), _change.AddMinutes(-62), _change.AddMinutes(-58));
        Assert.InRange(points.Max(p => p.Time), DateTimeOffset.UtcNow.AddMinutes(-3), DateTimeOffset.UtcNow.AddMinutes(1));

        // The evidence table's current median, the status table's current value and peak, and the chart agree.
        var evidence = await page.Locator("#evidence").InnerTextAsync();
        Assert.Contains("Current\t1.30 s", evidence, StringComparison.Ordinal);
        Assert.Contains("Baseline\t800 ms", evidence, StringComparison.Ordinal);
        var current = Value(await page.Locator("#incident-status td.current-value").GetAttributeAsync("data-value"));
        var peak = Value(await page.Locator("#incident-status td.peak-value").GetAttributeAsync("data-value"));
        Assert.Equal(points.MaxBy(p => p.Time)!.Value, current, 6);
        Assert.Equal(points.Max(p => p.Value), peak, 6);
        Assert.Equal(1300, current, 6);
        Assert.StartsWith("1300 ms", await page.Locator("#incident-status td.current-value").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches("^(50|51) min$", await page.Locator("#incident-status td.duration").InnerTextAsync());
        var baselineBand = chart.Locator("rect.baseline-band");
        Assert.Equal(780, Value(await baselineBand.GetAttributeAsync("data-low")), 6);
        Assert.Equal(820, Value(await baselineBand.GetAttributeAsync("data-high")), 6);

        // The examples are the slowest calls since the estimated start, slowest first, with their trace and span ids.
        var expected = _buckets.Buckets.Where(b => b.Key.Canonical == _latencySeries.Canonical && b.Start >= _change.AddMinutes(-1))
            .Select(b => b.Slowest!).OrderByDescending(c => c.DurationSeconds).Take(5).Select(c => c.Call.TraceIdHex).ToList();
        Assert.Equal(expected, await page.Locator("#slowest-calls code.trace-id").AllTextContentsAsync());
        Assert.All(await page.Locator("#slowest-calls td:first-child").AllTextContentsAsync(), d => Assert.Matches(@"^3\.9\d s$", d));
    }

    [Fact]
    public async Task IncidentPage_QualityChart_PlotsTheRollingPassRateWithIntervals_AndLinksRunbookAndGrafana()
    {
        var incident = await IncidentAsync(FindingKinds.QualityRegression);
        var page = await NewPageAsync();
        await page.GotoAsync(Url($"/incidents/{incident.Id}"));

        var chart = page.Locator("svg#series-chart");
        Assert.Equal("rolling 15-min pass rate (%)", await chart.Locator("text.y-axis-label").TextContentAsync());
        Assert.Contains("95 % interval per point", await chart.Locator("g.legend").TextContentAsync(), StringComparison.Ordinal);
        var points = await PointsAsync(page);
        // Each point is the pass rate of the 15 minutes ending at it: 95 % before the onset, 75 % once the window is past it.
        Assert.All(points.Where(p => p.Time < _change.AddMinutes(-2)), p => Assert.Equal(95, p.Value, 6));
        Assert.All(points.Where(p => p.Time >= _change.AddMinutes(15)), p => Assert.Equal(75, p.Value, 6));
        Assert.Contains(points, p => p.Value is > 75 and < 95);
        Assert.True(await chart.Locator("line.point-interval").CountAsync() >= points.Count);
        Assert.Equal(75, Value(await page.Locator("#incident-status td.peak-value").GetAttributeAsync("data-value")), 6);

        Assert.Equal("/runbooks/quality-regression", await page.Locator("#runbook-link").GetAttributeAsync("href"));
        var grafana = await page.Locator("a.grafana-link").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
        Assert.Contains(grafana, l => l.StartsWith("https://grafana.example.com/d/qualitywatch-canary-quality?var-provider=anthropic-prod&var-model=claude&from=", StringComparison.Ordinal) && l.EndsWith("&to=now", StringComparison.Ordinal));
        await page.ClickAsync("#runbook-link");
        Assert.Contains("Quality regression", await page.Locator("#runbook").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task IncidentPage_Acknowledge_RecordsActorAndNoteInTheTimeline()
    {
        var incident = await IncidentAsync(FindingKinds.LatencyDrift);
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(AlertsApp.AdminKey);
        await page.GotoAsync(Url($"/incidents/{incident.Id}"));

        await page.FillAsync("#action-by", "maria");
        await page.FillAsync("#action-note", "failing over to EU");
        await page.ClickAsync("#ack");

        await Assertions.Expect(page.Locator("#incident-state")).ToHaveTextAsync("acknowledged");
        var row = page.Locator("#timeline tr.event-acknowledged");
        Assert.Equal("maria", await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.Equal("acknowledged: failing over to EU", await row.Locator("td").Nth(4).InnerTextAsync());
    }

    [Fact]
    public async Task IncidentList_AddingASilenceByLabels_ListsItAndSilencesTheMatchingIncident()
    {
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(AlertsApp.AdminKey);
        await page.GotoAsync(Url("/incidents"));
        Assert.True(await page.Locator("#no-silences").IsVisibleAsync());

        await page.FillAsync("#silence-model", "gpt-4o-mini");
        await page.SelectOptionAsync("#silence-until", "4h");
        await page.FillAsync("#silence-by", "li");
        await page.FillAsync("#silence-note", "provider maintenance");
        await page.ClickAsync("#create-silence");

        var silence = page.Locator("tr.silence-row");
        await Assertions.Expect(silence).ToHaveCountAsync(1);
        Assert.Equal("model=gpt-4o-mini", await silence.Locator("td").First.InnerTextAsync());
        Assert.Contains("provider maintenance", await silence.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("silenced", await page.Locator("tr.incident-row", new() { HasText = "gpt-4o-mini" }).Locator("td.state").InnerTextAsync());
        Assert.Equal("firing", await page.Locator("tr.incident-row", new() { HasText = "claude" }).Locator("td.state").InnerTextAsync());
    }

    private static double Value(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    private static async Task<List<(DateTimeOffset Time, double Value)>> PointsAsync(IPage page)
    {
        var raw = await page.Locator("svg#series-chart circle.series-point").EvaluateAllAsync<string[][]>("points => points.map(p => [p.dataset.time, p.dataset.value])");
        return raw.Select(p => (DateTimeOffset.Parse(p[0], CultureInfo.InvariantCulture), Value(p[1]))).ToList();
    }

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private async Task<IPage> NewPageAsync() => await (await chromium.Browser.NewContextAsync()).NewPageAsync();

    private string Url(string path) => new Uri(_app.BaseAddress, path).ToString();

    private async Task<Incident> IncidentAsync(string kind) =>
        (await _app.Store.QueryIncidentsAsync(new IncidentQuery(Open: true), CancellationToken.None)).Single(i => i.Kind == kind);
}
