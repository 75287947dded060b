using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Pages;

/// <summary>
/// The providers page over a real SQLite telemetry store: 48 hours of gpt-4o-mini seen by telemetry as <c>openai</c>
/// and by canaries as <c>openai-prod</c>, with an open quality incident and one slow warm-up call in the last hour.
/// </summary>
public sealed class ProvidersPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-providers-").FullName;
    private IQualityWatchDatabase _database = null!;
    private TelemetryStore _telemetry = null!;
    private AlertsApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Provider = "sqlite", Path = Path.Combine(_directory, "telemetry.db") }, TelemetryStorage.Migrations, CancellationToken.None);
        _telemetry = await TelemetryStore.OpenAsync(_database, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var telemetry = new SeriesKey("openai", "gpt-4o-mini", "chat", new SortedDictionary<string, string>(StringComparer.Ordinal));
        var canary = Canary(provider: "openai-prod", model: "gpt-4o-mini", suite: "arithmetic");
        var events = new List<TelemetryEvent> { Call(canary, now.AddMinutes(-50), 2.61, passed: 1) };
        for (var minutes = 48 * 60 - 5; minutes > 0; minutes -= 5)
        {
            events.Add(Call(telemetry, now.AddMinutes(-minutes), 0.5, passed: 0));
            events.Add(Call(canary, now.AddMinutes(-minutes).AddSeconds(10), 0.5, passed: minutes < 60 ? 0 : 1));
        }

        await _telemetry.AppendAsync(events, CancellationToken.None);
        await _telemetry.FlushAsync(CancellationToken.None);
        _app = await AlertsApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Alerts:ProviderFamilies:0:Provider"] = "openai-prod",
                ["Alerts:ProviderFamilies:0:Family"] = "openai",
            },
            services => services.AddSingleton<ISeriesBucketSource>(_telemetry).AddSingleton<ILatencyQuantileSource>(_telemetry));
        await _app.Sink.PublishAsync([QualityDrop(now.AddMinutes(-40), canary, baseline: 0.99, current: 0.5)], [], now.AddMinutes(-40), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telemetry.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ProvidersPage_OneRowPerPhysicalModel_StatusFollowsOpenIncidents_PeriodIsTheDataHeld_P95FromMergedHistograms()
    {
        var page = await (await chromium.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "/providers").ToString());

        var row = page.Locator("tr.provider-row");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("openai", await row.GetAttributeAsync("data-provider"));
        Assert.Equal("openai, openai-prod", await row.Locator("td.names").InnerTextAsync());
        Assert.Equal("48 h", await row.Locator("td.period").InnerTextAsync());
        Assert.Equal("100.000 %", await row.Locator("td.availability").InnerTextAsync());
        Assert.Equal("open incident: quality-regression", await row.Locator("td.sla-status").InnerTextAsync());
        // One 2.61 s warm-up call among 24 calls of the last hour: the merged p95 is 0.5 s.
        Assert.Equal("0.50 s / 0.50 s", await row.Locator("td.latency").InnerTextAsync());

        await page.ClickAsync("td.open-incidents a");
        await Assertions.Expect(page.Locator("tr.incident-row")).ToHaveCountAsync(1);
        Assert.Contains("state=open", page.Url, StringComparison.Ordinal);
        Assert.Equal("openai / gpt-4o-mini", await page.Locator("tr.incident-row td.provider").InnerTextAsync());
    }

    private static TelemetryEvent Call(SeriesKey series, DateTimeOffset start, double seconds, int passed)
    {
        var call = new LlmCall(start, TimeSpan.FromSeconds(seconds), null, series.Provider, series.Model, series.Model, "chat", 10, 20, "stop", null, series.Labels, null);
        return new TelemetryEvent(series, call, 0.001m, passed, 1);
    }
}
