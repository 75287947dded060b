using System.Diagnostics;
using QualityWatch.Alerts.Tests.Infrastructure;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

public sealed class OutboxDurabilityTests
{
    [Fact]
    public async Task Dispatch_ReceiversDownThenBack_DeliverEverythingInOrderWithoutBlockingDetection()
    {
        var secretEnv = "QW_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "hmac-key");
        var hookPort = FreePort.Next();
        var alertmanagerPort = FreePort.Next();
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Alertmanager:0"] = $"http://127.0.0.1:{alertmanagerPort}",
            ["Alerts:Routes:Webhooks:0:Url"] = $"http://127.0.0.1:{hookPort}/hook",
            ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
            ["Alerts:RetryInitialBackoff"] = "00:00:02",
            ["Alerts:RetryMaxBackoff"] = "00:01:00",
        });

        // Nothing listens: detection still records the incident and moves on.
        var start = DateTimeOffset.UtcNow.AddMinutes(-40);
        var timer = Stopwatch.StartNew();
        await app.Sink.PublishAsync([QualityDrop(start)], [], start, CancellationToken.None);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"detection pass took {timer.Elapsed}");
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;
        await app.Transitions.AcknowledgeAsync(id, "oncall", CancellationToken.None);

        var now = DateTimeOffset.UtcNow;
        var first = await app.Dispatcher.DispatchPendingAsync(now, CancellationToken.None);
        var second = await app.Dispatcher.DispatchPendingAsync(now.AddSeconds(3), CancellationToken.None);
        var notDueYet = await app.Dispatcher.DispatchPendingAsync(now.AddSeconds(4), CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], start.AddMinutes(1), CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], start.AddMinutes(12), CancellationToken.None);

        Assert.Equal((0, 2), (first.Delivered, first.Failed));
        Assert.Equal((0, 2), (second.Delivered, second.Failed));
        Assert.Equal((0, 0), (notDueYet.Delivered, notDueYet.Failed));
        var pending = await app.Store.GetUndeliveredAsync(100, CancellationToken.None);
        Assert.Equal(6, pending.Count);
        Assert.All(pending.Where(p => p.Attempts > 0), p => Assert.Equal(2, p.Attempts));

        // Both come back on the same ports: everything queued arrives, in order.
        await using var alertmanager = await AlertmanagerProcess.StartAsync(alertmanagerPort);
        await using var hook = await WebhookReceiver.StartAsync("hmac-key", hookPort);
        var back = await app.Dispatcher.DispatchPendingAsync(now.AddSeconds(10), CancellationToken.None);

        Assert.Equal(6, back.Delivered);
        Assert.Empty(await app.Store.GetUndeliveredAsync(100, CancellationToken.None));
        Assert.Equal(["firing", "acknowledged", "resolved"], hook.Received.Select(r => r.Event).ToArray());
        Assert.Equal(["firing", "acknowledged", "resolved"], hook.Received.Select(r => r.Body.GetProperty("event").GetString()!).ToArray());
        Assert.Empty(await alertmanager.GetAlertsAsync());
    }
}
