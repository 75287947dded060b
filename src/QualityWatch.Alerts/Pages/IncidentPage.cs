using System.Globalization;
using System.Text;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Storage.Alerts;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>One incident: headline, timeline (opened, escalated, regressed, acknowledged by whom and why, resolved),
/// member signals linking to their alerts, and the evidence of the member that explains it best.</summary>
internal static class IncidentPage
{
    public static string Render(Incident incident, IReadOnlyList<Alert> members, IReadOnlyList<IncidentTimelineEntry> timeline)
    {
        var body = new StringBuilder();
        body.Append("<h1 id=\"incident-headline\">").Append(E(incident.Kind)).Append(" on ").Append(E(incident.Provider)).Append(" / ").Append(E(incident.Model)).Append("</h1>");
        body.Append("<p><span class=\"sev-").Append(E(incident.Severity.Name())).Append("\" id=\"incident-severity\">").Append(E(incident.Severity.Name())).Append("</span> ");
        body.Append("<strong id=\"incident-state\" class=\"state-").Append(E(incident.State.Name())).Append("\">").Append(E(incident.State.Name())).Append("</strong>");
        body.Append(" · opened ").Append(E(EvidenceText.Time(incident.OpenedAt)));
        if (incident.ResolvedAt is { } resolvedAt)
        {
            body.Append(" · resolved ").Append(E(EvidenceText.Time(resolvedAt))).Append(" after ").Append(E(EvidenceText.Duration(resolvedAt - incident.OpenedAt)));
        }

        body.Append(" · ").Append(E(incident.Id)).Append("</p>");
        body.Append("<p id=\"incident-summary\">").Append(E(incident.Summary)).Append("</p>");

        body.Append("<h2>Timeline</h2><table id=\"timeline\"><thead><tr><th>When</th><th>What</th><th>Signal</th><th>By</th><th>Note</th></tr></thead><tbody>");
        foreach (var entry in timeline)
        {
            body.Append("<tr class=\"event-").Append(E(entry.Event)).Append("\"><td>").Append(E(EvidenceText.Time(entry.At))).Append("</td><td>").Append(E(entry.Event))
                .Append("</td><td>").Append(E(entry.Signal)).Append("</td><td>").Append(E(entry.Actor)).Append("</td><td>").Append(E(entry.Note)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");

        body.Append("<h2>Member signals</h2><table id=\"members\"><thead><tr><th>Signal</th><th>Source</th><th>State</th><th>Severity</th><th>First seen</th><th>Findings</th></tr></thead><tbody>");
        foreach (var alert in members)
        {
            body.Append("<tr class=\"member\"><td><a href=\"/alerts/").Append(E(alert.Id)).Append("\">").Append(E(IncidentTimeline.Signal(alert))).Append("</a></td><td>")
                .Append(alert.Suite is null ? "telemetry" : "canary").Append("</td><td>").Append(E(alert.State.Name())).Append("</td><td>").Append(E(alert.Severity.Name()))
                .Append("</td><td>").Append(E(EvidenceText.Time(alert.FirstSeenAt))).Append("</td><td>").Append(alert.FindingCount.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        if (members.Count > 0)
        {
            var lead = IncidentLedger.Lead(members);
            var evidence = lead.Evidence;
            body.Append("<h2>Evidence</h2><p>From ").Append(E(IncidentTimeline.Signal(lead))).Append(", the member that explains the incident best.</p><table id=\"evidence\"><tbody>");
            Row(body, "Detector", evidence.Detector);
            Row(body, "Statistic", EvidenceText.Statistic(evidence));
            Row(body, "Baseline", EvidenceText.Value(evidence.Baseline));
            Row(body, "Current", EvidenceText.Value(evidence.Current));
            Row(body, "Estimated start", EvidenceText.Time(evidence.EstimatedStart));
            Row(body, "Severity because", evidence.SeverityReason);
            body.Append("</tbody></table>");
        }

        return Layout($"{incident.Kind} {incident.Provider}/{incident.Model}", body.ToString());
    }

    private static void Row(StringBuilder body, string name, string value) =>
        body.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
}
