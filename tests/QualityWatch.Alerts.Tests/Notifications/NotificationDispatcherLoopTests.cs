using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

/// <summary>
/// The dispatcher's background loop, driven by a fake clock rather than by waiting: each tick of
/// <c>alerts.dispatch_interval</c> delivers what is due, and nothing goes out between ticks.
/// </summary>
public sealed class NotificationDispatcherLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheLoop_DeliversOnEachTickOfTheClock_AndNothingBetweenTicks()
    {
        var secretEnv = "QW_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "loop-secret");
        await using var hook = await WebhookReceiver.StartAsync("loop-secret");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AlertsApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Alerts:DispatchInterval"] = "00:00:30",
                ["Alerts:Routes:Webhooks:0:Url"] = hook.Url.ToString(),
                ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
            },
            services => services.AddSingleton<TimeProvider>(clock));
        var start = clock.GetUtcNow().AddMinutes(-5);
        await app.Sink.PublishAsync([QualityDrop(start)], [], clock.GetUtcNow(), CancellationToken.None);

        // Queued, not yet sent: the first tick is one interval away.
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Empty(hook.Received);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["firing"], await ReceivedAsync(hook, 1));

        // A person acknowledges between ticks: delivered at the next tick, not before.
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;
        await app.Transitions.AcknowledgeAsync(id, "oncall", CancellationToken.None);
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Single(hook.Received);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["firing", "acknowledged"], await ReceivedAsync(hook, 2));
        Assert.Empty(await UndeliveredAsync(app));
    }

    /// <summary>The outbox once it drained: the receiver has the request before the dispatcher, after the response,
    /// marks it delivered (bounded).</summary>
    private static async Task<IReadOnlyList<OutboxMessage>> UndeliveredAsync(AlertsApp app)
    {
        var undelivered = await app.Store.GetUndeliveredAsync(10, CancellationToken.None);
        for (var attempt = 0; attempt < 100 && undelivered.Count > 0; attempt++)
        {
            await Task.Delay(50);
            undelivered = await app.Store.GetUndeliveredAsync(10, CancellationToken.None);
        }

        return undelivered;
    }

    /// <summary>The events received once <paramref name="count"/> arrived (the loop runs on its own task; bounded).</summary>
    private static async Task<string[]> ReceivedAsync(WebhookReceiver hook, int count)
    {
        for (var attempt = 0; attempt < 100 && hook.Received.Count < count; attempt++)
        {
            await Task.Delay(50);
        }

        return [.. hook.Received.Select(r => r.Event)];
    }
}
