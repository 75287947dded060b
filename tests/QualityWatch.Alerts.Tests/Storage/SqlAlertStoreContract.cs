using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Storage.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Storage;

/// <summary>The same behaviour on both dialects: the subclasses give a store on SQLite or PostgreSQL.</summary>
public abstract class SqlAlertStoreContract
{
    protected abstract Task<SqlAlertStore> OpenStoreAsync();

    [Fact]
    public async Task Silences_RoundTripWithTheirChanges_AndOnlyUnendedOnesAreListedAsActive()
    {
        await using var store = await OpenStoreAsync();
        var active = new Silence("sil-1", "openai", "gpt-4o-mini", null, T0, T0.AddHours(4), "maria", "failing over", "inc-1");
        var ended = new Silence("sil-2", null, null, "latency-drift", T0.AddHours(-3), T0.AddHours(-1), "li", string.Empty, null);

        await store.SaveAsync(AlertChanges.None with { Silences = [active, ended] }, CancellationToken.None);
        await store.SaveAsync(AlertChanges.None with { Silences = [active with { EndsAt = T0.AddHours(5), Note = "extended" }] }, CancellationToken.None);

        Assert.Equal([active with { EndsAt = T0.AddHours(5), Note = "extended" }], await store.ListSilencesAsync(T0, CancellationToken.None));
        Assert.Equal(2, (await store.ListSilencesAsync(null, CancellationToken.None)).Count);
        Assert.Equal(ended, await store.GetSilenceAsync("sil-2", CancellationToken.None));
        Assert.Null(await store.GetSilenceAsync("sil-missing", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_ThenGet_RoundTripsEveryFieldIncludingNonFiniteEvidence()
    {
        await using var store = await OpenStoreAsync();
        var alert = NewAlert("al-1", "openai-prod", T0) with
        {
            AcknowledgedAt = T0.AddMinutes(3),
            AcknowledgedBy = "maria",
            State = AlertState.Acknowledged,
            Evidence = NewAlert("al-1", "openai-prod", T0).Evidence with { LikelihoodRatio = double.PositiveInfinity, PValue = null },
        };

        await store.SaveAsync(new AlertChanges([alert], [new AlertTransition("al-1", T0, null, AlertState.Firing, "detector", "opened")], []), CancellationToken.None);
        var read = await store.GetAsync("al-1", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(alert with { Evidence = read!.Evidence, SeriesLabels = read.SeriesLabels, Segment = read.Segment }, read);
        Assert.Equal(double.PositiveInfinity, read.Evidence.LikelihoodRatio);
        Assert.Null(read.Evidence.PValue);
        Assert.Equal(["- 42", "+ 41"], read.Evidence.Examples[0].Diff.ToArray());
        Assert.Equal("arithmetic", read.SeriesLabels["suite"]);
        Assert.Equal("arithmetic", read.Segment["category"]);
        Assert.Equal(600, read.Evidence.Baseline.SampleSize);
        Assert.Null(await store.GetAsync("al-missing", CancellationToken.None));
    }

    [Fact]
    public async Task QueryAsync_FiltersByStateProviderAndSince_NewestFirst()
    {
        await using var store = await OpenStoreAsync();
        await store.SaveAsync(new AlertChanges(
            [
                NewAlert("al-a", "openai-prod", T0),
                NewAlert("al-b", "openai-prod", T0.AddHours(1)) with { State = AlertState.Resolved, ResolvedAt = T0.AddHours(2), ResolvedBy = "auto" },
                NewAlert("al-c", "anthropic-prod", T0.AddHours(2)),
            ], [], []), CancellationToken.None);

        Assert.Equal(["al-c", "al-b", "al-a"], (await store.QueryAsync(new AlertQuery(), CancellationToken.None)).Select(a => a.Id).ToArray());
        Assert.Equal(["al-b", "al-a"], (await store.QueryAsync(new AlertQuery(Provider: "openai-prod"), CancellationToken.None)).Select(a => a.Id).ToArray());
        Assert.Equal(["al-b"], (await store.QueryAsync(new AlertQuery(State: AlertState.Resolved), CancellationToken.None)).Select(a => a.Id).ToArray());
        Assert.Equal(["al-c", "al-b"], (await store.QueryAsync(new AlertQuery(Since: T0.AddMinutes(30)), CancellationToken.None)).Select(a => a.Id).ToArray());
        Assert.Equal(["al-a", "al-c"], (await store.ListOpenAsync(CancellationToken.None)).Select(a => a.Id).ToArray());
    }

    [Fact]
    public async Task Outbox_KeepsQueueOrder_RecordsFailuresAndDeliveries()
    {
        await using var store = await OpenStoreAsync();
        var alert = NewAlert("al-o", "openai-prod", T0);
        OutboxMessage Message(string @event, string receiver) => new(0, "al-o", receiver, @event, $"{{\"event\":\"{@event}\"}}", T0, T0, 0, null, null);
        await store.SaveAsync(new AlertChanges([alert], [], [Message("firing", "am"), Message("firing", "hook"), Message("resolved", "am")]), CancellationToken.None);

        var pending = await store.GetUndeliveredAsync(10, CancellationToken.None);
        Assert.Equal([("am", "firing"), ("hook", "firing"), ("am", "resolved")], pending.Select(p => (p.Receiver, p.Event)).ToArray());
        await store.MarkFailedAsync(pending[0].Id, 1, T0.AddSeconds(5), "HTTP 503", CancellationToken.None);
        await store.MarkDeliveredAsync(pending[1].Id, T0.AddSeconds(1), CancellationToken.None);

        var after = await store.GetUndeliveredAsync(10, CancellationToken.None);
        Assert.Equal([("am", "firing"), ("am", "resolved")], after.Select(p => (p.Receiver, p.Event)).ToArray());
        Assert.Equal((1, "HTTP 503", T0.AddSeconds(5)), (after[0].Attempts, after[0].LastError, after[0].NextAttemptAt));
        var activity = await store.GetOutboxActivityAsync(["al-o"], CancellationToken.None);
        Assert.Equal(2, activity.Single(a => a.Receiver == "am").Pending);
        Assert.Equal(0, activity.Single(a => a.Receiver == "hook").Pending);
        Assert.Equal(T0.AddSeconds(1), (await store.GetOutboxForAlertAsync("al-o", CancellationToken.None))[1].DeliveredAt);
    }

    [Fact]
    public async Task GetHistoryAsync_ReturnsTransitionsInOrder()
    {
        await using var store = await OpenStoreAsync();
        await store.SaveAsync(new AlertChanges([NewAlert("al-h", "openai-prod", T0)],
            [
                new AlertTransition("al-h", T0, null, AlertState.Firing, "detector", "opened"),
                new AlertTransition("al-h", T0.AddMinutes(1), AlertState.Firing, AlertState.Acknowledged, "maria", "acknowledged"),
            ], []), CancellationToken.None);
        await store.SaveAsync(new AlertChanges([], [new AlertTransition("al-h", T0.AddMinutes(2), AlertState.Acknowledged, AlertState.Resolved, "auto", "healthy")], []), CancellationToken.None);

        var history = await store.GetHistoryAsync("al-h", CancellationToken.None);

        Assert.Equal([(null, AlertState.Firing), (AlertState.Firing, AlertState.Acknowledged), (AlertState.Acknowledged, AlertState.Resolved)],
            history.Select(h => ((AlertState?)h.From, h.To)).ToArray());
        Assert.Equal("maria", history[1].Actor);
    }

    internal static Alert NewAlert(string id, string provider, DateTimeOffset at)
    {
        var finding = QualityDrop(at, Canary(provider: provider), examples: Example(at, "sum-1"));
        return new Alert(id, "inc-1", $"quality-regression|{finding.Series.Canonical}|", FindingKinds.QualityRegression, AlertSeverity.Critical, AlertState.Firing,
            provider, "gpt-4o", "chat", "arithmetic", finding.Series.Canonical, new Dictionary<string, string>(finding.Series.Labels), new Dictionary<string, string>(finding.Segment),
            finding.Summary, at, at, at, null, null, null, null, null, null, 1,
            new AlertEvidence(finding.Detector, finding.Statistic, finding.StatisticValue, finding.Threshold, finding.PValue, finding.LikelihoodRatio,
                finding.Baseline, finding.Current, at, finding.EstimatedStart, "effect 19 points; p = 1e-9",
                [new AlertExample(at, "sum-1", "42", "41", ["- 42", "+ 41"], new Dictionary<string, string> { ["latency_ms"] = "830" })]));
    }
}
