using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Lifecycle;

/// <summary>An alert stays open while its fault persists and resolves only on evidence of recovery; a recurrence
/// within the cool-down reopens it.</summary>
public sealed class RecoveryHysteresisTests
{
    private static readonly Dictionary<string, string?> ThreeChecksOverTenMinutes = new()
    {
        ["Alerts:RecoveryChecks"] = "3",
        ["Alerts:AutoResolveAfter"] = "00:10:00",
        ["Alerts:ReopenCooldown"] = "02:00:00",
    };

    [Fact]
    public async Task AnAlertWithoutNewFindings_StaysOpenForHoursWhileItsSeriesIsNeverReportedHealthy()
    {
        await using var app = await AlertsApp.StartAsync(ThreeChecksOverTenMinutes);
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);

        for (var pass = 1; pass <= 30; pass++)
        {
            await app.Sink.PublishAsync([], [Canary(suite: "another-suite")], T0.AddMinutes(10 * pass), CancellationToken.None);
        }

        var alert = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(0, alert.HealthyChecks);
    }

    [Fact]
    public async Task PassesWithoutData_NeitherCountTowardsRecoveryNorResetIt()
    {
        await using var app = await AlertsApp.StartAsync(ThreeChecksOverTenMinutes);
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(1), CancellationToken.None);
        for (var minute = 2; minute < 60; minute += 5)
        {
            await app.Sink.PublishAsync([], [], T0.AddMinutes(minute), CancellationToken.None);
        }

        var afterGap = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(61), CancellationToken.None);
        var afterTwo = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None));
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(62), CancellationToken.None);

        Assert.Equal(1, afterGap.HealthyChecks);
        Assert.Equal(2, afterTwo.HealthyChecks);
        Assert.Empty(await app.Store.ListOpenAsync(CancellationToken.None));
        var resolved = Assert.Single(await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(T0.AddMinutes(62), resolved.ResolvedAt);
        var note = (await app.Store.GetHistoryAsync(resolved.Id, CancellationToken.None)).Last().Note;
        Assert.Contains("3 consecutive checks since 2026-11-21 12:01 UTC", note, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecurrenceWithinTheCooldown_ReopensTheSameAlertAndIncidentAsRegressed()
    {
        // An Alertmanager that is never reached (the dispatcher runs hourly): the outbox shows what would be sent.
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>(ThreeChecksOverTenMinutes) { ["Alerts:Routes:Alertmanager:0"] = "http://127.0.0.1:9/" });
        await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        for (var minute = 10; minute <= 30; minute += 10)
        {
            await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(minute), CancellationToken.None);
        }

        var resolved = Assert.Single(await app.Store.QueryAsync(new AlertQuery(State: AlertState.Resolved), CancellationToken.None));
        await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(90))], [], T0.AddMinutes(90), CancellationToken.None);

        var reopened = Assert.Single(await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(resolved.Id, reopened.Id);
        Assert.Equal(AlertState.Firing, reopened.State);
        Assert.Null(reopened.ResolvedAt);
        var regressed = (await app.Store.GetHistoryAsync(reopened.Id, CancellationToken.None)).Last();
        Assert.Equal((AlertState?)AlertState.Resolved, regressed.From);
        Assert.Equal(AlertState.Firing, regressed.To);
        Assert.StartsWith("regressed 1 h 0 min after it resolved", regressed.Note, StringComparison.Ordinal);
        var incident = await app.Store.GetIncidentAsync(reopened.IncidentId, CancellationToken.None);
        Assert.Equal(AlertState.Firing, incident!.State);
        Assert.Equal(
            ["firing", "resolved", "regressed"],
            (await app.Store.GetOutboxForAlertAsync(incident.Id, CancellationToken.None)).Select(m => m.Event).ToArray());
    }

    /// <summary>
    /// Property: for random sequences of passes (a finding, the series reported healthy, or no data for it), the stored
    /// alerts follow a reference model of the lifecycle pass by pass.
    /// </summary>
    [Fact]
    public async Task RandomPassSequences_FollowTheReferenceLifecycle()
    {
        const int recoveryChecks = 3;
        var recoveryTime = TimeSpan.FromMinutes(10);
        var cooldown = TimeSpan.FromHours(2);
        for (var seed = 1; seed <= 12; seed++)
        {
            await using var app = await AlertsApp.StartAsync(ThreeChecksOverTenMinutes);
            var random = new Random(seed);
            var model = new ReferenceLifecycle(recoveryChecks, recoveryTime, cooldown);
            var at = T0;
            for (var pass = 0; pass < 40; pass++)
            {
                at += TimeSpan.FromMinutes(random.Next(1, 30));
                var roll = random.NextDouble();
                if (roll < 0.2)
                {
                    await app.Sink.PublishAsync([QualityDrop(at)], [], at, CancellationToken.None);
                    model.Finding(at);
                }
                else if (roll < 0.75)
                {
                    await app.Sink.PublishAsync([], [Canary()], at, CancellationToken.None);
                    model.Healthy(at);
                }
                else
                {
                    await app.Sink.PublishAsync([], [], at, CancellationToken.None);
                }

                var alerts = await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None);
                var context = $"seed {seed}, pass {pass}";
                Assert.True(model.Alerts == alerts.Count, $"{context}: {alerts.Count} alerts, model {model.Alerts}");
                if (model.Alerts > 0)
                {
                    var latest = alerts.OrderBy(a => a.FirstSeenAt).Last();
                    Assert.True(model.Open == latest.IsOpen, $"{context}: open {latest.IsOpen}, model {model.Open}");
                    Assert.True(!model.Open || model.Checks == latest.HealthyChecks, $"{context}: checks {latest.HealthyChecks}, model {model.Checks}");
                }
            }
        }
    }

    private sealed class ReferenceLifecycle(int recoveryChecks, TimeSpan recoveryTime, TimeSpan cooldown)
    {
        private DateTimeOffset? _healthySince;
        private DateTimeOffset? _resolvedAt;

        public int Alerts { get; private set; }

        public bool Open { get; private set; }

        public int Checks { get; private set; }

        public void Finding(DateTimeOffset at)
        {
            if (!Open && (_resolvedAt is null || at - _resolvedAt > cooldown))
            {
                Alerts++;
            }

            Open = true;
            Checks = 0;
            _healthySince = null;
        }

        public void Healthy(DateTimeOffset at)
        {
            if (!Open)
            {
                return;
            }

            _healthySince ??= at;
            Checks++;
            if (Checks >= recoveryChecks && at - _healthySince >= recoveryTime)
            {
                Open = false;
                _resolvedAt = at;
            }
        }
    }
}
