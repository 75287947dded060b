using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;
using QualityWatch.Storage.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Pages;

/// <summary>Incident pages served by real Kestrel over real SQLite stores (alerts and, for examples, stored call content).</summary>
public sealed class IncidentEvidencePagesTests : IAsyncLifetime
{
    private static readonly SeriesKey Telemetry = new("openai", "gpt-4o-mini", "chat", new SortedDictionary<string, string>());
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-content-").FullName;
    private IQualityWatchDatabase _contentDatabase = null!;
    private CallContentStore _contents = null!;

    public async Task InitializeAsync()
    {
        _contentDatabase = await QualityWatchDatabase.OpenAsync(new StorageOptions { Provider = "sqlite", Path = Path.Combine(_directory, "content.db") }, TelemetryStorage.Migrations, CancellationToken.None);
        _contents = new CallContentStore(_contentDatabase, null);
    }

    public async Task DisposeAsync()
    {
        await _contents.DisposeAsync();
        await _contentDatabase.DisposeAsync();
    }

    [Fact]
    public async Task WithoutAnAdminKey_PagesSayHowToEnableActionsInsteadOfShowingButtons()
    {
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?> { ["Security:AdminKeys:0"] = string.Empty });
        await app.Sink.PublishAsync([QualityDrop(DateTimeOffset.UtcNow)], [], DateTimeOffset.UtcNow, CancellationToken.None);
        var incident = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));
        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));

        foreach (var path in new[] { $"/incidents/{incident.Id}", "/incidents", $"/alerts/{alert.Id}" })
        {
            var html = await app.Client.GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.Contains("id=\"actions-disabled\"", html, StringComparison.Ordinal);
            Assert.Contains("security.admin_keys_env", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"ack\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"resolve\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutSeriesData_TheIncidentPageSaysSoInsteadOfDrawingTheEvidenceAsALine_AndExplainsMissingLatencyExamples()
    {
        await using var app = await AlertsApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        await app.Sink.PublishAsync([QualityDrop(at, Telemetry, kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.3)], [], at, CancellationToken.None);
        var incident = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));

        var html = await app.Client.GetStringAsync(new Uri($"/incidents/{incident.Id}", UriKind.Relative));

        Assert.DoesNotContain("<svg id=\"series-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("No stored series for median latency of openai/gpt-4o-mini/chat", html, StringComparison.Ordinal);
        Assert.Contains("no stored series", html, StringComparison.Ordinal);
        Assert.Contains("no stored minute since the estimated start has a call with a trace id", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/runbooks/latency-drift\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputCorruption_WithStoredContent_ShowsOutputsWithUnexpectedCharactersMarkedTheirCodePointsAndTraceIds()
    {
        await using var app = await AlertsApp.StartAsync(services: services => services.AddSingleton<ICallOutputSource>(new StoredCallOutputs(_contents)));
        var at = DateTimeOffset.UtcNow;
        await _contents.StoreAsync(
            [
                new CallContent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", Telemetry.Canonical, at.AddMinutes(-2), "h1",
                    [new ContentMessage("user", "Say hi", false)], [new ContentMessage("assistant", "Hello there สวัสดี", false)]),
                new CallContent("5bf92f3577b34da6a3ce929d0e0e4737", "10f067aa0ba902b8", Telemetry.Canonical, at.AddMinutes(-1), "h2",
                    [new ContentMessage("user", "Say hi", false)], [new ContentMessage("assistant", "Hello there", false)]),
            ],
            CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(at, Telemetry, kind: FindingKinds.OutputCorruption, unit: "outputs-with-unexpected-script", baseline: 0.001, current: 0.08)], [], at, CancellationToken.None);
        var incident = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));

        var html = await app.Client.GetStringAsync(new Uri($"/incidents/{incident.Id}", UriKind.Relative));

        Assert.Contains("<code class=\"trace-id\">4bf92f3577b34da6a3ce929d0e0e4736</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"span-id\">00f067aa0ba902b7</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("5bf92f3577b34da6a3ce929d0e0e4737", html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"unexpected\" title=\"U+0E2A Thai\">", html, StringComparison.Ordinal);
        Assert.Contains("U+0E2A", html, StringComparison.Ordinal);
    }
}
