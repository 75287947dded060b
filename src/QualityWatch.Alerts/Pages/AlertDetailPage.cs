using System.Text;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>One alert: chart, evidence table, examples with diffs, history, and ack/resolve/silence buttons.</summary>
internal static class AlertDetailPage
{
    public static string Render(Alert alert, IReadOnlyList<AlertTransition> history, IReadOnlyList<OutboxMessage> notifications, string chartSvg, IReadOnlyList<StoredOutputExample> stored, bool actionsEnabled, string runbookUrl, IReadOnlyList<QualityWatch.Core.Telemetry.SlowestCall>? slowest = null)
    {
        var evidence = alert.Evidence;
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(alert.Kind)).Append(" on ").Append(E(alert.Provider)).Append(" / ").Append(E(alert.Model))
            .Append(alert.Suite is null ? string.Empty : $" ({E(alert.Suite)})").Append("</h1>");
        body.Append("<p><span class=\"sev-").Append(E(alert.Severity.Name())).Append("\" id=\"alert-severity\">").Append(E(alert.Severity.Name())).Append("</span> ");
        body.Append("<strong id=\"alert-state\" class=\"state-").Append(E(alert.State.Name())).Append("\">").Append(E(alert.State.Name())).Append("</strong>");
        if (alert.State == AlertState.Silenced)
        {
            body.Append(" until ").Append(E(Time(alert.SilencedUntil)));
        }

        body.Append(" · ").Append(E(alert.Summary)).Append("</p>");
        body.Append("<p class=\"links\"><a id=\"runbook-link\" href=\"").Append(E(runbookUrl)).Append("\">Runbook: ").Append(E(alert.Kind)).Append("</a></p>");
        if (alert.IsOpen && !actionsEnabled)
        {
            body.Append("<p class=\"disabled-actions\" id=\"actions-disabled\">").Append(E(Apis.AdminKeyVerifier.HowToEnable)).Append("</p>");
        }
        else if (alert.IsOpen)
        {
            body.Append("<div class=\"actions\">");
            if (alert.State != AlertState.Acknowledged)
            {
                body.Append("<button id=\"ack\" data-action=\"ack\" data-alert=\"").Append(E(alert.Id)).Append("\">Acknowledge</button>");
            }

            body.Append("<button id=\"resolve\" data-action=\"resolve\" data-alert=\"").Append(E(alert.Id)).Append("\">Resolve</button>");
            body.Append("<select id=\"silence-for\"><option value=\"1h\">1 hour</option><option value=\"4h\">4 hours</option><option value=\"24h\">24 hours</option><option value=\"7d\">7 days</option></select>");
            body.Append("<button id=\"silence\" data-action=\"silence\" data-alert=\"").Append(E(alert.Id)).Append("\">Silence</button>");
            body.Append("</div>");
        }

        body.Append("<p id=\"action-status\" role=\"status\"></p>");
        body.Append("<h2>The statistic the detector tests</h2>").Append(chartSvg);

        body.Append("<h2>Evidence</h2><table id=\"evidence\"><tbody>");
        Row(body, "Detector", evidence.Detector);
        Row(body, "Statistic", EvidenceText.Statistic(evidence));
        Row(body, "p-value", Number(evidence.PValue, "0.###e+0"));
        Row(body, "Likelihood ratio", Number(evidence.LikelihoodRatio, "0.###e+0"));
        Row(body, "Baseline", EvidenceText.Value(evidence.Baseline));
        Row(body, "Current", EvidenceText.Value(evidence.Current));
        Row(body, "Estimated start", Time(evidence.EstimatedStart));
        Row(body, "First detected", Time(alert.FirstSeenAt));
        Row(body, "Latest evidence", Time(alert.LastEvidenceAt));
        Row(body, "Findings merged", alert.FindingCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(body, "Severity because", evidence.SeverityReason);
        Row(body, "Series", alert.Series);
        Row(body, "Segment", string.Join(", ", alert.Segment.Select(s => $"{s.Key}={s.Value}")));
        body.Append("<tr><th>Incident</th><td><a id=\"incident-link\" href=\"/incidents/").Append(E(alert.IncidentId)).Append("\">").Append(E(alert.IncidentId)).Append("</a></td></tr>");
        Row(body, "Healthy since", Time(alert.HealthySince));
        body.Append("</tbody></table>");

        ExampleList.Render(body, alert, stored, slowest ?? []);

        body.Append("<h2>History</h2><table id=\"history\"><thead><tr><th>When</th><th>From</th><th>To</th><th>By</th><th>Note</th></tr></thead><tbody>");
        foreach (var entry in history)
        {
            body.Append("<tr><td>").Append(E(Time(entry.At))).Append("</td><td>").Append(E(entry.From?.Name() ?? "—")).Append("</td><td>")
                .Append(E(entry.To.Name())).Append("</td><td>").Append(E(entry.Actor)).Append("</td><td>").Append(E(entry.Note)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        body.Append("<h2>Notifications</h2><table id=\"notifications\"><thead><tr><th>Event</th><th>Receiver</th><th>Queued</th><th>Delivered</th><th>Attempts</th><th>Last error</th></tr></thead><tbody>");
        foreach (var message in notifications)
        {
            body.Append("<tr><td>").Append(E(message.Event)).Append("</td><td>").Append(E(message.Receiver)).Append("</td><td>").Append(E(Time(message.CreatedAt)))
                .Append("</td><td>").Append(E(Time(message.DeliveredAt))).Append("</td><td>").Append(message.Attempts).Append("</td><td>").Append(E(message.LastError ?? string.Empty)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Layout($"{alert.Kind} {alert.Provider}", body.ToString());
    }

    private static void Row(StringBuilder body, string name, string value) =>
        body.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

}
