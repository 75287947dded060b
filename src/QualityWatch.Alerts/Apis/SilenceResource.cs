using System.Text.Json.Serialization;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>A silence in JSON (<c>/api/silences</c>).</summary>
internal sealed record SilenceResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("starts_at")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("ends_at")] DateTimeOffset EndsAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("incident_id")] string? IncidentId,
    [property: JsonPropertyName("active")] bool Active)
{
    public static SilenceResource From(Silence silence, DateTimeOffset now) => new(
        silence.Id, silence.Provider, silence.Model, silence.Kind, silence.StartsAt, silence.EndsAt, silence.CreatedBy, silence.Note, silence.IncidentId, silence.IsActive(now));
}
