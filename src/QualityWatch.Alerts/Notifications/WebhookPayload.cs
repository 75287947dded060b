using System.Text.Json;
using QualityWatch.Alerts.Apis;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>
/// The generic JSON webhook body, one per incident change:
/// <c>{"version":"2","event":…,"queuedAt":…,"incident_id":…,"incident":{…},"alert":{…}}</c> where <c>alert</c> is the
/// member whose evidence explains the incident.
/// </summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Build(Incident incident, Alert lead, string notificationEvent, string incidentLink, string alertLink, string runbookUrl, DateTimeOffset queuedAt) =>
        JsonSerializer.Serialize(new
        {
            version = "2",
            @event = notificationEvent,
            queuedAt,
            incident_id = incident.Id,
            incident = IncidentResource.From(incident, incidentLink, runbookUrl, [], []),
            alert = AlertResource.From(lead, alertLink),
        }, Json);
}
