using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// People's transitions (acknowledge, resolve, silence) and silence expiry. Allowed: firing|silenced → acknowledged;
/// any open state → resolved; any open state → silenced (until a future time). Everything else is a conflict.
/// Incidents follow their members; notifications go out once per incident change (<see cref="IncidentLedger"/>).
/// </summary>
internal sealed class AlertTransitions(IAlertStore store, AlertWriteGate gate, IncidentLedger incidents, SilenceMatcher silences, ActiveAlertsMetrics metrics, TimeProvider time)
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

    /// <summary>Resolves every open member of an incident, with the person's note.</summary>
    public Task<IncidentTransitionResult> ResolveIncidentAsync(string incidentId, string actor, string? note, CancellationToken cancellationToken) =>
        ApplyToIncidentAsync(incidentId, cancellationToken, (incident, members, now, changes) =>
        {
            var open = members.Where(a => a.IsOpen).ToList();
            if (open.Count == 0)
            {
                return $"incident '{incidentId}' is already resolved";
            }

            foreach (var alert in open)
            {
                Record(changes, alert, alert with { State = AlertState.Resolved, ResolvedAt = now, ResolvedBy = actor, SilencedUntil = null, UpdatedAt = now }, now, actor, Note("resolved by hand", note));
            }

            return null;
        });

    /// <summary>
    /// Silences an incident until <paramref name="until"/>: a label silence on its provider family, model and kind
    /// (so a member that regresses, a suite that joins later, and a new incident on the same target while it lasts are
    /// silenced too) and every open member now.
    /// </summary>
    public Task<IncidentTransitionResult> SilenceIncidentAsync(string incidentId, DateTimeOffset until, string actor, string? note, CancellationToken cancellationToken) =>
        ApplyToIncidentAsync(incidentId, cancellationToken, (incident, members, now, changes) =>
        {
            if (!incident.IsOpen)
            {
                return $"incident '{incidentId}' is resolved; a resolved incident cannot be silenced";
            }

            var silence = new Silence(AlertKeys.NewSilenceId(), incident.Provider, incident.Model, incident.Kind, now, until, actor, Trim(note), incident.Id);
            changes.Silences.Add(silence);
            foreach (var alert in members.Where(a => a.IsOpen))
            {
                silences.Apply(alert, [silence], now, changes);
            }

            return null;
        });

    /// <summary>Creates a label silence and silences the open alerts it matches.</summary>
    public async Task<Silence> CreateSilenceAsync(string? provider, string? model, string? kind, DateTimeOffset until, string actor, string? note, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var now = time.GetUtcNow();
        var silence = new Silence(AlertKeys.NewSilenceId(), provider, model, kind, now, until, actor, Trim(note), null);
        var changes = new ChangeSet();
        changes.Silences.Add(silence);
        foreach (var alert in await store.ListOpenAsync(cancellationToken))
        {
            silences.Apply(alert, [silence], now, changes);
        }

        await incidents.ApplyAsync(changes, now, cancellationToken);
        await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        return silence;
    }

    /// <summary>Ends a silence now; the alerts it silenced (and no other active silence covers) return to firing or acknowledged.</summary>
    public async Task<Silence?> ExpireSilenceAsync(string id, string actor, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var silence = await store.GetSilenceAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        if (silence is null || silence.EndsAt <= now)
        {
            return silence;
        }

        var expired = silence with { EndsAt = now, Note = string.IsNullOrEmpty(silence.Note) ? $"expired by {actor}" : $"{silence.Note} (expired by {actor})" };
        var changes = new ChangeSet();
        changes.Silences.Add(expired);
        var others = (await store.ListSilencesAsync(now, cancellationToken)).Where(s => s.Id != id && s.IsActive(now)).ToList();
        foreach (var alert in await store.ListOpenAsync(cancellationToken))
        {
            if (alert.State == AlertState.Silenced && silences.Matches(silence, alert) && !others.Any(o => silences.Matches(o, alert)))
            {
                var state = alert.AcknowledgedAt is null ? AlertState.Firing : AlertState.Acknowledged;
                Record(changes, alert, alert with { State = state, SilencedUntil = null, UpdatedAt = now }, now, actor, $"silence {id} expired by hand");
            }
        }

        await incidents.ApplyAsync(changes, now, cancellationToken);
        await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        return expired;
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

    private static string Trim(string? note) => string.IsNullOrWhiteSpace(note) ? string.Empty : note.Trim()[..Math.Min(note.Trim().Length, 500)];

    /// <summary>Runs an action on an incident's members under the write lock; the action returns null when applied, else why not (409).</summary>
    private async Task<IncidentTransitionResult> ApplyToIncidentAsync(string incidentId, CancellationToken cancellationToken, Func<Incident, IReadOnlyList<Alert>, DateTimeOffset, ChangeSet, string?> action)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var incident = await store.GetIncidentAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return new IncidentTransitionResult(TransitionOutcome.NotFound, null, $"incident '{incidentId}' does not exist");
        }

        var members = await store.ListIncidentAlertsAsync(incidentId, cancellationToken);
        var now = time.GetUtcNow();
        var changes = new ChangeSet();
        if (action(incident, members, now, changes) is { } refusal)
        {
            return new IncidentTransitionResult(TransitionOutcome.Conflict, incident, refusal);
        }

        await incidents.ApplyAsync(changes, now, cancellationToken);
        await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
        metrics.Refresh(await store.ListOpenAsync(cancellationToken));
        return new IncidentTransitionResult(TransitionOutcome.Applied, changes.IncidentOrNull(incidentId) ?? incident, "ok");
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
