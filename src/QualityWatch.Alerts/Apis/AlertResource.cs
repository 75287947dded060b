
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Apis;

/// <summary>The JSON shape of an alert (API responses and webhook payloads). Non-finite numbers become null.</summary>
internal sealed record AlertResource(
    string Id,
    string IncidentId,
    string Kind,
    string Severity,
    string State,
    string Provider,
    string Model,
    string Operation,
    string? Suite,
    string Series,
    IReadOnlyDictionary<string, string> Segment,
    string Summary,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastEvidenceAt,
    DateTimeOffset? HealthySince,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? SilencedUntil,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    int FindingCount,
    string Link,
    EvidenceResource Evidence,
    IReadOnlyList<HistoryResource>? History)
{
    public static AlertResource From(Alert alert, string link, IReadOnlyList<AlertTransition>? history = null) => new(
        alert.Id, alert.IncidentId, alert.Kind, alert.Severity.Name(), alert.State.Name(), alert.Provider, alert.Model, alert.Operation,
        alert.Suite, alert.Series, alert.Segment, alert.Summary, alert.FirstSeenAt, alert.UpdatedAt, alert.LastEvidenceAt, alert.HealthySince,
        alert.AcknowledgedAt, alert.AcknowledgedBy, alert.SilencedUntil, alert.ResolvedAt, alert.ResolvedBy, alert.FindingCount, link,
        EvidenceResource.From(alert.Evidence),
        history?.Select(h => new HistoryResource(h.At, h.From?.Name(), h.To.Name(), h.Actor, h.Note)).ToList());
}
