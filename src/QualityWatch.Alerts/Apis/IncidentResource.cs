using System.Text.Json.Serialization;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>The JSON shape of an incident (<c>/api/incidents</c> and notifications), with its member alerts and timeline.</summary>
internal sealed record IncidentResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("runbook_url")] string RunbookUrl,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertResource> Alerts,
    [property: JsonPropertyName("timeline")] IReadOnlyList<IncidentTimelineEntry> Timeline)
{
    public static IncidentResource From(Incident incident, string link, string runbookUrl, IReadOnlyList<AlertResource> alerts, IReadOnlyList<IncidentTimelineEntry> timeline) => new(
        incident.Id, incident.State.Name(), incident.Kind, incident.Provider, incident.Model, incident.Severity.Name(), incident.Summary,
        incident.OpenedAt, incident.UpdatedAt, incident.ResolvedAt, link, runbookUrl, alerts, timeline);
}
