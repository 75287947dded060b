using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Lifecycle;

public sealed class AlertTransitionsTests
{
    [Fact]
    public async Task Acknowledge_FiringAlert_AcknowledgesOnceThenConflicts()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;

        var first = await app.Transitions.AcknowledgeAsync(id, "maria", CancellationToken.None);
        var second = await app.Transitions.AcknowledgeAsync(id, "maria", CancellationToken.None);

        Assert.Equal(TransitionOutcome.Applied, first.Outcome);
        Assert.Equal(AlertState.Acknowledged, first.Alert!.State);
        Assert.Equal("maria", first.Alert.AcknowledgedBy);
        Assert.Equal(TransitionOutcome.Conflict, second.Outcome);
    }

    [Fact]
    public async Task Silence_UntilPassed_ReturnsToAcknowledgedWhenItWasAcknowledged()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;
        await app.Transitions.AcknowledgeAsync(id, "api", CancellationToken.None);
        var until = DateTimeOffset.UtcNow.AddMinutes(30);

        var silenced = await app.Transitions.SilenceAsync(id, until, "api", CancellationToken.None);
        Assert.Equal(AlertState.Silenced, silenced.Alert!.State);

        await app.Transitions.ExpireSilencesAsync(until.AddSeconds(-1), CancellationToken.None);
        Assert.Equal(AlertState.Silenced, (await app.Store.GetAsync(id, CancellationToken.None))!.State);
        await app.Transitions.ExpireSilencesAsync(until.AddSeconds(1), CancellationToken.None);
        var after = await app.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(AlertState.Acknowledged, after!.State);
        Assert.Null(after.SilencedUntil);
    }

    [Fact]
    public async Task Transitions_OnResolvedOrUnknownAlert_AreRefused()
    {
        await using var app = await AlertsApp.StartAsync();
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;
        Assert.Equal(TransitionOutcome.Applied, (await app.Transitions.ResolveAsync(id, "api", CancellationToken.None)).Outcome);

        Assert.Equal(TransitionOutcome.Conflict, (await app.Transitions.ResolveAsync(id, "api", CancellationToken.None)).Outcome);
        Assert.Equal(TransitionOutcome.Conflict, (await app.Transitions.AcknowledgeAsync(id, "api", CancellationToken.None)).Outcome);
        Assert.Equal(TransitionOutcome.Conflict, (await app.Transitions.SilenceAsync(id, DateTimeOffset.UtcNow.AddHours(1), "api", CancellationToken.None)).Outcome);
        Assert.Equal(TransitionOutcome.NotFound, (await app.Transitions.AcknowledgeAsync("al-missing", "api", CancellationToken.None)).Outcome);
    }
}
