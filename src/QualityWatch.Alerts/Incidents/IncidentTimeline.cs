
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Incidents;

/// <summary>
/// An incident's timeline, read from its members' stored histories: the first member's creation opens the incident,
/// later members are signals added; regressions, escalations, acknowledgements (with who and their note), silences
/// and resolutions follow in time order.
/// </summary>
internal static class IncidentTimeline
{
    public static async Task<IReadOnlyList<IncidentTimelineEntry>> ReadAsync(IAlertStore store, IReadOnlyList<Alert> members, CancellationToken cancellationToken)
    {
        var entries = new List<IncidentTimelineEntry>();
        foreach (var alert in members)
        {
            foreach (var transition in await store.GetHistoryAsync(alert.Id, cancellationToken))
            {
                entries.Add(new IncidentTimelineEntry(transition.At, EventOf(transition), alert.Id, Signal(alert), transition.Actor, transition.Note));
            }
        }

        var ordered = entries.OrderBy(e => e.At).ThenBy(e => e.Event == "signal-added" ? 1 : 0).ToList();
        var opened = ordered.FindIndex(e => e.Event == "signal-added");
        if (opened >= 0)
        {
            ordered[opened] = ordered[opened] with { Event = "opened" };
        }

        return ordered;
    }

    public static string Signal(Alert alert) =>
        $"{alert.Kind} on {alert.Provider}/{alert.Model}{(alert.Suite is null ? string.Empty : $" (suite {alert.Suite})")}";

    private static string EventOf(AlertTransition transition) => (transition.From, transition.To) switch
    {
        (null, _) => "signal-added",
        (AlertState.Resolved, _) => "regressed",
        (_, AlertState.Resolved) => "resolved",
        (var from, var to) when from == to => "escalated",
        (_, AlertState.Acknowledged) => "acknowledged",
        (_, AlertState.Silenced) => "silenced",
        (AlertState.Silenced, _) => "unsilenced",
        _ => transition.To.Name(),
    };
}
