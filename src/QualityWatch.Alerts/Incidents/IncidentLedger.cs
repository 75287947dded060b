using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Incidents;

/// <summary>
/// Keeps incidents in step with their member alerts: after a pass or a person's action changed alerts, recomputes each
/// affected incident, stores it with the alert changes, and queues notifications only when the incident itself changed
/// state or severity — a fifth suite joining an open incident is on its timeline, not in anyone's pager.
/// </summary>
internal sealed class IncidentLedger(IAlertStore store, PhysicalTargets targets, NotificationComposer composer)
{
    /// <summary>The incident a new alert with <paramref name="key"/> joins: an open one, one resolved within
    /// <paramref name="cooldown"/> (which regresses), or a new id.</summary>
    public async Task<string> IncidentForAsync(string key, ChangeSet changes, IReadOnlyDictionary<string, string> openByKey, DateTimeOffset now, TimeSpan cooldown, CancellationToken cancellationToken)
    {
        if (openByKey.TryGetValue(key, out var open))
        {
            return open;
        }

        var pending = changes.Incidents.Where(i => i.Key == key).OrderByDescending(i => i.OpenedAt).FirstOrDefault();
        var latest = pending ?? await store.GetLatestIncidentAsync(key, cancellationToken);
        return latest is not null && (latest.IsOpen || latest.ResolvedAt >= now - cooldown) ? latest.Id : AlertKeys.NewIncidentId();
    }

    /// <summary>Recomputes every incident with a member in <paramref name="changes"/>; queues one notification per incident change.</summary>
    public async Task ApplyAsync(ChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var group in changes.Alerts.GroupBy(a => a.IncidentId, StringComparer.Ordinal).ToList())
        {
            var changed = group.ToDictionary(a => a.Id, StringComparer.Ordinal);
            var before = changes.IncidentOrNull(group.Key) ?? await store.GetIncidentAsync(group.Key, cancellationToken);
            var stored = await store.ListIncidentAlertsAsync(group.Key, cancellationToken);
            var members = stored.Where(a => !changed.ContainsKey(a.Id)).Concat(changed.Values).ToList();
            var after = Project(group.Key, before, members, now);
            if (before is not null && after with { UpdatedAt = before.UpdatedAt } == before)
            {
                continue;
            }

            changes.Put(after);
            var lead = Lead(changed.Values);
            if (EventOf(before, after) is { } notificationEvent)
            {
                var replaced = before is not null && before.Severity != after.Severity ? before.Severity : (AlertSeverity?)null;
                changes.Outbox.AddRange(composer.Compose(after, lead, notificationEvent, replaced));
            }
        }
    }

    /// <summary>The member that best explains an incident right now: open before resolved, most severe, latest evidence.</summary>
    public static Alert Lead(IEnumerable<Alert> members) => members
        .OrderByDescending(a => a.IsOpen)
        .ThenByDescending(a => a.Severity)
        .ThenByDescending(a => a.LastEvidenceAt)
        .ThenBy(a => a.Id, StringComparer.Ordinal)
        .First();

    /// <summary>
    /// The incident's state from its members: resolved when none is open; silenced when every open one is; acknowledged
    /// when someone has taken any open one (a suite joining an acknowledged incident does not page again); else firing.
    /// Severity never decreases within an incident, and its kind and model are those it opened with: they are labels of
    /// its Alertmanager alert, which would otherwise be left firing under the old labels when members first seen together
    /// resolve in another order.
    /// </summary>
    internal Incident Project(string id, Incident? before, IReadOnlyList<Alert> members, DateTimeOffset now)
    {
        var open = members.Where(a => a.IsOpen).ToList();
        var state = open.Count == 0 ? AlertState.Resolved
            : open.All(a => a.State == AlertState.Silenced) ? AlertState.Silenced
            : open.Any(a => a.State == AlertState.Acknowledged) ? AlertState.Acknowledged
            : AlertState.Firing;
        var severity = members.Max(a => a.Severity);
        if (before is not null && before.Severity > severity)
        {
            severity = before.Severity;
        }

        var first = members.OrderBy(a => a.FirstSeenAt).ThenBy(a => a.Id, StringComparer.Ordinal).First();
        var lead = Lead(members);
        return new Incident(
            id,
            before?.Key ?? targets.IncidentKey(first),
            before?.Kind ?? first.Kind,
            before?.Provider ?? targets.Family(first.Provider),
            before?.Model ?? first.Model,
            state,
            severity,
            lead.Summary,
            before?.OpenedAt ?? first.FirstSeenAt,
            now,
            state == AlertState.Resolved ? members.Max(a => a.ResolvedAt) ?? now : null);
    }

    private static string? EventOf(Incident? before, Incident after) => (before?.State, after.State) switch
    {
        (null, AlertState.Resolved) => null,
        (null, _) => NotificationEvents.Firing,
        (AlertState.Resolved, AlertState.Resolved) => null,
        (AlertState.Resolved, _) => NotificationEvents.Regressed,
        (_, AlertState.Resolved) => NotificationEvents.Resolved,
        (var from, var to) when from == to => after.Severity > before!.Severity ? NotificationEvents.Escalated : null,
        (_, AlertState.Acknowledged) => NotificationEvents.Acknowledged,
        (_, AlertState.Silenced) => NotificationEvents.Silenced,
        (AlertState.Silenced, _) => NotificationEvents.Unsilenced,
        _ => NotificationEvents.Firing,
    };
}
