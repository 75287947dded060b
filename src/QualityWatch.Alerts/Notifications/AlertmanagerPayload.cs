using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityWatch.Storage.Alerts;

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

    /// <param name="alert">The alert as it is now.</param>
    /// <param name="link">Evidence link.</param>
    /// <param name="replacedSeverity">The severity label the alert had before an escalation: Alertmanager identifies
    /// alerts by their labels, so the old label set is resolved in the same post rather than left to expire.</param>
    public static string Build(Alert alert, string link, AlertSeverity? replacedSeverity = null)
    {
        var items = new JsonArray(Item(alert, link, alert.Severity, alert.ResolvedAt));
        if (replacedSeverity is { } old && old != alert.Severity)
        {
            items.Add(Item(alert, link, old, alert.UpdatedAt));
        }

        return items.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Item(Alert alert, string link, AlertSeverity severity, DateTimeOffset? endsAt)
    {
        var labels = new JsonObject
        {
            ["alertname"] = AlertName(alert.Kind),
            ["severity"] = severity.Name(),
            ["kind"] = alert.Kind,
            ["provider"] = alert.Provider,
            ["gen_ai_provider_name"] = alert.Provider,
            ["model"] = alert.Model,
            ["operation"] = alert.Operation,
            ["alert_id"] = alert.Id,
            ["incident_id"] = alert.IncidentId,
        };
        if (!string.IsNullOrEmpty(alert.Suite))
        {
            labels["suite"] = alert.Suite;
        }

        var evidence = alert.Evidence;
        var annotations = new JsonObject
        {
            ["summary"] = alert.Summary,
            ["description"] = string.Create(CultureInfo.InvariantCulture,
                $"{evidence.Detector}: {evidence.Statistic} = {evidence.StatisticValue:G4} (threshold {evidence.Threshold:G4}); baseline {evidence.Baseline.Value:G4} → current {evidence.Current.Value:G4} {evidence.Current.Unit}; {evidence.SeverityReason}"),
            ["evidence"] = link,
            ["qualitywatch_state"] = alert.State.Name(),
            ["estimated_start"] = Time(evidence.EstimatedStart),
        };
        var item = new JsonObject
        {
            ["labels"] = labels,
            ["annotations"] = annotations,
            ["startsAt"] = Time(alert.FirstSeenAt),
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
