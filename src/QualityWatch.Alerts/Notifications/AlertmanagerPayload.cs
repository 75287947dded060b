using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>
/// The body of <c>POST /api/v2/alerts</c> (Alertmanager API v2, <c>postableAlerts</c>): one alert with labels that
/// identify it and annotations that explain it. Open alerts carry no <c>endsAt</c> (Alertmanager keeps them active for
/// its resolve_timeout, so they are re-posted); resolved ones carry <c>endsAt</c> = the resolve time.
/// </summary>
internal static class AlertmanagerPayload
{
    public static string AlertName(string kind) =>
        string.Concat(kind.Split('-', '_', ' ').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <param name="incident">The incident as it is now: one Alertmanager alert per incident.</param>
    /// <param name="lead">The member alert whose evidence explains it.</param>
    /// <param name="link">Incident page link.</param>
    /// <param name="runbookUrl">The runbook of the incident's kind (annotation <c>runbook_url</c>, the Prometheus convention).</param>
    /// <param name="replacedSeverity">The severity label the incident had before an escalation: Alertmanager identifies
    /// alerts by their labels, so the old label set is resolved in the same post rather than left to expire.</param>
    public static string Build(Incident incident, Alert lead, string link, string runbookUrl, AlertSeverity? replacedSeverity = null)
    {
        var items = new JsonArray(Item(incident, lead, link, runbookUrl, incident.Severity, incident.ResolvedAt));
        if (replacedSeverity is { } old && old != incident.Severity)
        {
            items.Add(Item(incident, lead, link, runbookUrl, old, incident.UpdatedAt));
        }

        return items.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Item(Incident incident, Alert lead, string link, string runbookUrl, AlertSeverity severity, DateTimeOffset? endsAt)
    {
        // No alert id or suite among the labels: they would split one incident into one Alertmanager alert per member.
        var labels = new JsonObject
        {
            ["alertname"] = AlertName(incident.Kind),
            ["severity"] = severity.Name(),
            ["kind"] = incident.Kind,
            ["provider"] = incident.Provider,
            ["gen_ai_provider_name"] = incident.Provider,
            ["model"] = incident.Model,
            ["incident_id"] = incident.Id,
        };
        var annotations = new JsonObject
        {
            ["summary"] = incident.Summary,
            ["description"] = Evidence.EvidenceText.Description(lead.Evidence),
            ["evidence"] = link,
            ["qualitywatch_state"] = incident.State.Name(),
            ["estimated_start"] = Time(lead.Evidence.EstimatedStart),
            ["lead_alert_id"] = lead.Id,
            ["runbook_url"] = runbookUrl,
        };
        var item = new JsonObject
        {
            ["labels"] = labels,
            ["annotations"] = annotations,
            ["startsAt"] = Time(incident.OpenedAt),
            ["generatorURL"] = Uri.IsWellFormedUriString(link, UriKind.Absolute) ? link : null,
        };
        if (endsAt is { } end)
        {
            item["endsAt"] = Time(end);
        }

        if (item["generatorURL"] is null)
        {
            item.Remove("generatorURL");
        }

        return item;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
