using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

public sealed class AlertmanagerDeliveryTests
{
    [Fact]
    public async Task Dispatch_FiringThenResolved_RealAlertmanagerShowsItThenDropsItWithEndsAt()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Alertmanager:0"] = alertmanager.BaseAddress.ToString(),
            ["Alerts:ExternalUrl"] = "https://qw.example.com",
        });
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        await app.Sink.PublishAsync([QualityDrop(start, baseline: 0.97, current: 0.80, pValue: 1e-9)], [], start, CancellationToken.None);

        var report = await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(1, report.Delivered);
        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        var seen = Assert.Single(await alertmanager.GetAlertsAsync());
        var labels = seen.GetProperty("labels");
        Assert.Equal("QualityRegression", labels.GetProperty("alertname").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("openai-prod", labels.GetProperty("provider").GetString());
        Assert.Equal("openai-prod", labels.GetProperty("gen_ai_provider_name").GetString());
        Assert.Equal("gpt-4o", labels.GetProperty("model").GetString());
        Assert.Equal("quality-regression", labels.GetProperty("kind").GetString());
        Assert.Equal(alert.IncidentId, labels.GetProperty("incident_id").GetString());
        // One Alertmanager alert per incident: member ids and suites would split it.
        Assert.False(labels.TryGetProperty("alert_id", out _));
        Assert.False(labels.TryGetProperty("suite", out _));
        var annotations = seen.GetProperty("annotations");
        Assert.Equal(alert.Summary, annotations.GetProperty("summary").GetString());
        Assert.Equal($"https://qw.example.com/incidents/{alert.IncidentId}", annotations.GetProperty("evidence").GetString());
        // Without alerts.runbook_base_url the collector serves the runbook itself.
        Assert.Equal("https://qw.example.com/runbooks/quality-regression", annotations.GetProperty("runbook_url").GetString());
        Assert.Equal("active", seen.GetProperty("status").GetProperty("state").GetString());

        // The series is healthy for the auto-resolve time: the alert resolves and Alertmanager gets endsAt.
        var healthyFrom = DateTimeOffset.UtcNow.AddMinutes(-20);
        await app.Sink.PublishAsync([], [Canary()], healthyFrom, CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], healthyFrom.AddMinutes(11), CancellationToken.None);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty(await alertmanager.GetAlertsAsync());
        var resolvedPost = (await app.Store.GetOutboxForAlertAsync(alert.IncidentId, CancellationToken.None)).Last();
        Assert.Equal("resolved", resolvedPost.Event);
        Assert.Contains("\"endsAt\"", resolvedPost.Body, StringComparison.Ordinal);
        Assert.NotNull(resolvedPost.DeliveredAt);
    }

    [Fact]
    public async Task Dispatch_OpenAlert_IsRepostedOncePerRenotifyInterval()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Alertmanager:0"] = alertmanager.BaseAddress.ToString(),
            ["Alerts:RenotifyInterval"] = "00:01:00",
        });
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await app.Sink.PublishAsync([QualityDrop(start)], [], start, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        await app.Dispatcher.DispatchPendingAsync(now, CancellationToken.None);
        var again = await app.Dispatcher.DispatchPendingAsync(now.AddSeconds(30), CancellationToken.None);
        var later = await app.Dispatcher.DispatchPendingAsync(now.AddSeconds(61), CancellationToken.None);

        Assert.Equal(0, again.Renotified);
        Assert.Equal(1, later.Renotified);
        Assert.Equal(1, later.Delivered);
        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        var posts = await app.Store.GetOutboxForAlertAsync(alert.IncidentId, CancellationToken.None);
        Assert.Equal(["firing", "renotify"], posts.Select(p => p.Event).ToArray());
        Assert.All(posts, p => Assert.NotNull(p.DeliveredAt));
        Assert.Single(await alertmanager.GetAlertsAsync());
    }

    [Fact]
    public async Task Dispatch_Escalation_ReplacesTheOldSeverityLabelSetInAlertmanager()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?> { ["Alerts:Routes:Alertmanager:0"] = alertmanager.BaseAddress.ToString() });
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await app.Sink.PublishAsync([QualityDrop(start, baseline: 0.97, current: 0.92, pValue: 1e-4)], [], start, CancellationToken.None);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal("warning", Assert.Single(await alertmanager.GetAlertsAsync()).GetProperty("labels").GetProperty("severity").GetString());

        await app.Sink.PublishAsync([QualityDrop(start.AddMinutes(2), baseline: 0.97, current: 0.70, pValue: 1e-12)], [], start.AddMinutes(2), CancellationToken.None);
        await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal("critical", Assert.Single(await alertmanager.GetAlertsAsync()).GetProperty("labels").GetProperty("severity").GetString());
    }
}
