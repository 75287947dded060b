using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// People's transitions (acknowledge, resolve, silence) and silence expiry. Allowed: firing|silenced → acknowledged;
/// any open state → resolved; any open state → silenced (until a future time). Everything else is a conflict.
/// Incidents follow their members; notifications go out once per incident change (<see cref="IncidentLedger"/>).
/// </summary>
internal sealed class AlertTransitions(IAlertStore store, AlertWriteGate gate, IncidentLedger incidents, ActiveAlertsMetrics metrics, TimeProvider time)
{
    /// <summary>Acknowledges every open member of an incident that is not yet acknowledged, with the person's note.</summary>
    public async Task<IncidentTransitionResult> AcknowledgeIncidentAsync(string incidentId, string actor, string? note, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var incident = await store.GetIncidentAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return new IncidentTransitionResult(TransitionOutcome.NotFound, null, $"incident '{incidentId}' does not exist");
        }

        var members = await store.ListIncidentAlertsAsync(incidentId, cancellationToken);
        var toAcknowledge = members.Where(a => a.State is AlertState.Firing or AlertState.Silenced).ToList();
        if (toAcknowledge.Count == 0)
        {
            return new IncidentTransitionResult(TransitionOutcome.Conflict, incident, $"incident '{incidentId}' is {incident.State.Name()}; nothing to acknowledge");
        }

        var now = time.GetUtcNow();
        var changes = new ChangeSet();
        foreach (var alert in toAcknowledge)
        {
            var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = actor, SilencedUntil = null, UpdatedAt = now };
            Record(changes, alert, acknowledged, now, actor, Note("acknowledged", note));
        }

        await incidents.ApplyAsync(changes, now, cancellationToken);
        await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        return new IncidentTransitionResult(TransitionOutcome.Applied, changes.IncidentOrNull(incidentId) ?? incident, "ok");
    }

    public Task<TransitionResult> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken) =>
        AcknowledgeAsync(id, actor, null, cancellationToken);

    public Task<TransitionResult> AcknowledgeAsync(string id, string actor, string? note, CancellationToken cancellationToken) =>
        ApplyAsync(id, cancellationToken, (alert, now, changes) =>
        {
            if (alert.State is AlertState.Acknowledged or AlertState.Resolved)
            {
                return TransitionResult.Conflict(alert, $"alert '{id}' is {alert.State.Name()}; only firing or silenced alerts can be acknowledged");
            }

            var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = actor, SilencedUntil = null, UpdatedAt = now };
            Record(changes, alert, acknowledged, now, actor, Note("acknowledged", note));
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
            Record(changes, alert, resolved, now, actor, "resolved by hand");
            return TransitionResult.Applied(resolved);
        });

    public Task<TransitionResult> SilenceAsync(string id, DateTimeOffset until, string actor, CancellationToken cancellationToken) =>
        ApplyAsync(id, cancellationToken, (alert, now, changes) =>
        {
            if (until <= now)
            {
                return TransitionResult.Invalid($"until must be in the future (now is {EvidenceText.Time(now)})");
            }

            if (alert.State == AlertState.Resolved)
            {
                return TransitionResult.Conflict(alert, $"alert '{id}' is resolved; a resolved alert cannot be silenced");
            }

            var silenced = alert with { State = AlertState.Silenced, SilencedUntil = until, UpdatedAt = now };
            Record(changes, alert, silenced, now, actor, $"silenced until {EvidenceText.Time(until)}");
            return TransitionResult.Applied(silenced);
        });

    /// <summary>Ends silences whose time is up (the alert returns to acknowledged if it was, else firing).</summary>
    public async Task ExpireSilencesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var open = await store.ListOpenAsync(cancellationToken);
        var changes = new ChangeSet();
        var current = open.Select(a => ExpireSilence(a, now, changes)).ToList();
        await incidents.ApplyAsync(changes, now, cancellationToken);
        if (!changes.IsEmpty)
        {
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        }

        metrics.Refresh(current);
    }

    internal static Alert ExpireSilence(Alert alert, DateTimeOffset now, ChangeSet changes)
    {
        if (alert.State != AlertState.Silenced || alert.SilencedUntil is not { } until || until > now)
        {
            return alert;
        }

        var state = alert.AcknowledgedAt is null ? AlertState.Firing : AlertState.Acknowledged;
        var expired = alert with { State = state, SilencedUntil = null, UpdatedAt = now };
        changes.Put(expired);
        changes.Transitions.Add(new AlertTransition(alert.Id, now, AlertState.Silenced, state, "auto", $"silence ended at {EvidenceText.Time(until)}"));
        return expired;
    }

    private static string Note(string what, string? note) => string.IsNullOrWhiteSpace(note) ? what : $"{what}: {note.Trim()[..Math.Min(note.Trim().Length, 500)]}";

    private static void Record(ChangeSet changes, Alert before, Alert after, DateTimeOffset now, string actor, string note)
    {
        changes.Put(after);
        changes.Transitions.Add(new AlertTransition(before.Id, now, before.State, after.State, actor, note));
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
        var now = time.GetUtcNow();
        var result = transition(alert, now, changes);
        if (result.Outcome == TransitionOutcome.Applied)
        {
            await incidents.ApplyAsync(changes, now, cancellationToken);
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
            metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        }

        return result;
    }
}
