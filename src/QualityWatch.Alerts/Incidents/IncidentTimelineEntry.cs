namespace QualityWatch.Alerts.Incidents;

/// <summary>One line of an incident's timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Event">opened, signal-added, escalated, regressed, acknowledged, silenced, unsilenced, resolved.</param>
/// <param name="AlertId">The member alert it happened to.</param>
/// <param name="Signal">Which member signal (kind on provider/model, suite).</param>
/// <param name="Actor"><c>detector</c>, <c>auto</c> or the person.</param>
/// <param name="Note">Why, or the person's note.</param>
internal sealed record IncidentTimelineEntry(DateTimeOffset At, string Event, string AlertId, string Signal, string Actor, string Note);
