using System.Globalization;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// People's transitions (acknowledge, resolve, silence) and silence expiry. Allowed: firing|silenced → acknowledged;
/// any open state → resolved; any open state → silenced (until a future time). Everything else is a conflict.
/// </summary>
internal sealed class AlertTransitions(IAlertStore store, AlertWriteGate gate, NotificationComposer composer, ActiveAlertsMetrics metrics, TimeProvider time)
{
    public Task<TransitionResult> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken) =>
        ApplyAsync(id, cancellationToken, (alert, now, changes) =>
        {
            if (alert.State is AlertState.Acknowledged or AlertState.Resolved)
            {
                return TransitionResult.Conflict(alert, $"alert '{id}' is {alert.State.Name()}; only firing or silenced alerts can be acknowledged");
            }

            var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = actor, SilencedUntil = null, UpdatedAt = now };
            Record(changes, alert, acknowledged, now, actor, "acknowledged", NotificationEvents.Acknowledged);
            return TransitionResult.Applied(acknowledged);
        });

    public Task<TransitionResult> ResolveAsync(string id, string actor, CancellationToken cancellationToken) =>
        ApplyAsync(id, cancellationToken, (alert, now, changes) =>
        {
            if (alert.State == AlertState.Resolved)
            {
                return TransitionResult.Conflict(alert, $"alert '{id}' is already resolved");
            }

            var resolved = alert with { State = AlertState.Resolved, ResolvedAt = now, ResolvedBy = actor, SilencedUntil = null, UpdatedAt = now };
            Record(changes, alert, resolved, now, actor, "resolved by hand", NotificationEvents.Resolved);
            return TransitionResult.Applied(resolved);
        });

    public Task<TransitionResult> SilenceAsync(string id, DateTimeOffset until, string actor, CancellationToken cancellationToken) =>
        ApplyAsync(id, cancellationToken, (alert, now, changes) =>
        {
            if (until <= now)
            {
                return TransitionResult.Invalid($"until must be in the future (now is {now:O})");
            }

            if (alert.State == AlertState.Resolved)
            {
                return TransitionResult.Conflict(alert, $"alert '{id}' is resolved; a resolved alert cannot be silenced");
            }

            var silenced = alert with { State = AlertState.Silenced, SilencedUntil = until, UpdatedAt = now };
            Record(changes, alert, silenced, now, actor, string.Create(CultureInfo.InvariantCulture, $"silenced until {until:O}"), NotificationEvents.Silenced);
            return TransitionResult.Applied(silenced);
        });

    /// <summary>Ends silences whose time is up (the alert returns to acknowledged if it was, else firing).</summary>
    public async Task ExpireSilencesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var open = await store.ListOpenAsync(cancellationToken);
        var changes = new ChangeSet();
        var current = open.Select(a => ExpireSilence(a, now, changes, composer)).ToList();
        if (!changes.IsEmpty)
        {
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        }

        metrics.Refresh(current);
    }

    internal static Alert ExpireSilence(Alert alert, DateTimeOffset now, ChangeSet changes, NotificationComposer composer)
    {
        if (alert.State != AlertState.Silenced || alert.SilencedUntil is not { } until || until > now)
        {
            return alert;
        }

        var state = alert.AcknowledgedAt is null ? AlertState.Firing : AlertState.Acknowledged;
        var expired = alert with { State = state, SilencedUntil = null, UpdatedAt = now };
        changes.Put(expired);
        changes.Transitions.Add(new AlertTransition(alert.Id, now, AlertState.Silenced, state, "auto", string.Create(CultureInfo.InvariantCulture, $"silence ended at {until:O}")));
        changes.Outbox.AddRange(composer.Compose(expired, NotificationEvents.Unsilenced));
        return expired;
    }

    private void Record(ChangeSet changes, Alert before, Alert after, DateTimeOffset now, string actor, string note, string notificationEvent)
    {
        changes.Put(after);
        changes.Transitions.Add(new AlertTransition(before.Id, now, before.State, after.State, actor, note));
        changes.Outbox.AddRange(composer.Compose(after, notificationEvent));
    }

    private async Task<TransitionResult> ApplyAsync(string id, CancellationToken cancellationToken, Func<Alert, DateTimeOffset, ChangeSet, TransitionResult> transition)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var alert = await store.GetAsync(id, cancellationToken);
        if (alert is null)
        {
            return TransitionResult.NotFound(id);
        }

        var changes = new ChangeSet();
        var result = transition(alert, time.GetUtcNow(), changes);
        if (result.Outcome == TransitionOutcome.Applied)
        {
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
            metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        }

        return result;
    }
}
