using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Lifecycle;

public sealed class AlertPipelineTests
{
    [Fact]
    public async Task PublishAsync_SameIncidentOverTwentyPasses_KeepsExactlyOneAlertUpdatedInPlace()
    {
        await using var app = await AlertsApp.StartAsync();
        for (var pass = 0; pass < 20; pass++)
        {
            var at = T0.AddMinutes(pass);
            await app.Sink.PublishAsync([QualityDrop(at, current: 0.80 - (pass * 0.005))], [], at, CancellationToken.None);
        }

        var open = await app.Store.ListOpenAsync(CancellationToken.None);
        var alert = Assert.Single(open);
        Assert.Equal(20, alert.FindingCount);
        Assert.Equal(T0, alert.FirstSeenAt);
        Assert.Equal(T0.AddMinutes(19), alert.LastEvidenceAt);
        Assert.Equal(0.80 - (19 * 0.005), alert.Evidence.Current.Value, 6);
        var history = await app.Store.GetHistoryAsync(alert.Id, CancellationToken.None);
        Assert.Single(history);
        Assert.Null(history[0].From);
        Assert.Equal(AlertState.Firing, history[0].To);
    }

    [Fact]
    public async Task PublishAsync_OneProviderDegradingOnThreeSuites_GroupsThemIntoOneIncident()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync(
            [QualityDrop(T0, Canary(suite: "arithmetic")), QualityDrop(T0, Canary(suite: "code")), QualityDrop(T0, Canary(suite: "long-context"))],
            [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(1), Canary(provider: "anthropic-prod", model: "claude"))], [], T0.AddMinutes(1), CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(2), Canary(suite: "translation"))], [], T0.AddMinutes(2), CancellationToken.None);

        var open = await app.Store.ListOpenAsync(CancellationToken.None);
        Assert.Equal(5, open.Count);
        var openai = open.Where(a => a.Provider == "openai-prod").ToList();
        Assert.Equal(4, openai.Count);
        Assert.Single(openai.Select(a => a.IncidentId).Distinct());
        Assert.NotEqual(openai[0].IncidentId, open.Single(a => a.Provider == "anthropic-prod").IncidentId);
        Assert.Equal(["arithmetic", "code", "long-context", "translation"], openai.Select(a => a.Suite!).Order().ToArray());
    }

    [Fact]
    public async Task PublishAsync_SeriesHealthyForAutoResolveTime_ResolvesAutomatically()
    {
        await using var app = await AlertsApp.StartAsync();
        var series = Canary();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);

        await app.Sink.PublishAsync([], [series], T0.AddMinutes(1), CancellationToken.None);
        var healthy = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Equal(T0.AddMinutes(1), healthy.HealthySince);

        await app.Sink.PublishAsync([], [series], T0.AddMinutes(10), CancellationToken.None);
        Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));

        await app.Sink.PublishAsync([], [series], T0.AddMinutes(11), CancellationToken.None);
        Assert.Empty(await app.Store.ListOpenAsync(CancellationToken.None));
        var resolved = await app.Store.GetAsync(healthy.Id, CancellationToken.None);
        Assert.Equal(AlertState.Resolved, resolved!.State);
        Assert.Equal("auto", resolved.ResolvedBy);
        Assert.Equal(T0.AddMinutes(11), resolved.ResolvedAt);
        var history = await app.Store.GetHistoryAsync(healthy.Id, CancellationToken.None);
        Assert.Equal([AlertState.Firing, AlertState.Resolved], history.Select(h => h.To).ToArray());
    }

    [Fact]
    public async Task PublishAsync_FindingWhileHealthyTimerRuns_ResetsTheTimer()
    {
        await using var app = await AlertsApp.StartAsync();
        var series = Canary();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([], [series], T0.AddMinutes(1), CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(8))], [], T0.AddMinutes(8), CancellationToken.None);
        await app.Sink.PublishAsync([], [series], T0.AddMinutes(12), CancellationToken.None);

        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Equal(T0.AddMinutes(12), alert.HealthySince);
    }

    [Fact]
    public async Task PublishAsync_UnrelatedHealthySeries_DoesNotResolveTheAlert()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary(suite: "code"), SeriesKey.Of("openai-prod", "gpt-4o")], T0.AddHours(2), CancellationToken.None);

        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Null(alert.HealthySince);
    }

    [Fact]
    public async Task PublishAsync_FindingAfterTheReopenCooldown_OpensANewAlertAndIncident()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(1), CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(20), CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(T0.AddHours(7))], [], T0.AddHours(7), CancellationToken.None);

        var all = await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Single(all, a => a.State == AlertState.Resolved);
        Assert.Single(all, a => a.State == AlertState.Firing);
        Assert.NotEqual(all[0].IncidentId, all[1].IncidentId);
    }

    [Fact]
    public async Task PublishAsync_StrongerEvidenceLater_EscalatesSeverityAndRecordsIt()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0, baseline: 0.97, current: 0.93, pValue: 1e-4)], [], T0, CancellationToken.None);
        Assert.Equal(AlertSeverity.Warning, Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Severity);

        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(5), baseline: 0.97, current: 0.70, pValue: 1e-12)], [], T0.AddMinutes(5), CancellationToken.None);
        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(6), baseline: 0.97, current: 0.95, pValue: 0.2)], [], T0.AddMinutes(6), CancellationToken.None);

        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        var history = await app.Store.GetHistoryAsync(alert.Id, CancellationToken.None);
        Assert.Contains(history, h => h.Note.StartsWith("severity warning → critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_ExamplesAcrossPasses_KeepsNewestUpToMaxExamplesWithDiffs()
    {
        await using var app = await AlertsApp.StartAsync();
        for (var pass = 0; pass < 4; pass++)
        {
            var at = T0.AddMinutes(pass);
            await app.Sink.PublishAsync([QualityDrop(at, examples: Example(at, $"sum-{pass}", "The answer is 42", "The answer is 42\nสวัสดี"))], [], at, CancellationToken.None);
        }

        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Equal(["sum-3", "sum-2", "sum-1"], alert.Evidence.Examples.Select(e => e.Title).ToArray());
        Assert.Equal(["  The answer is 42", "+ สวัสดี"], alert.Evidence.Examples[0].Diff.ToArray());
        Assert.Equal("830", alert.Evidence.Examples[0].Attributes["latency_ms"]);
    }
}
