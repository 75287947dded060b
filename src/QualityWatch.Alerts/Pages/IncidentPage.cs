using System.Globalization;
using System.Text;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// One incident: headline, current value, peak and duration, actions (or how to enable them), runbook and dashboard
/// links, the chart of the statistic its lead member's detector tests, timeline, member signals, evidence and examples.
/// </summary>
internal static class IncidentPage
{
    public static string Render(IncidentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var incident = view.Incident;
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
        body.Append("<p class=\"links\"><a id=\"runbook-link\" href=\"").Append(E(view.RunbookUrl)).Append("\">Runbook: ").Append(E(incident.Kind)).Append("</a>");
        foreach (var (title, url) in view.Dashboards)
        {
            body.Append(" · <a class=\"grafana-link\" href=\"").Append(E(url)).Append("\">Grafana: ").Append(E(title)).Append("</a>");
        }

        body.Append("</p>");
        Status(body, view);
        Actions(body, view);

        if (view.Lead is { } lead && view.Chart is { } chart)
        {
            body.Append("<h2>").Append(E(Capitalised(chart.Measure.Name))).Append(" <small>— ").Append(E(IncidentTimeline.Signal(lead))).Append(", the statistic its detector tests</small></h2>");
            body.Append(SeriesChart.Render(lead, chart));
        }

        body.Append("<h2>Timeline</h2><table id=\"timeline\"><thead><tr><th>When</th><th>What</th><th>Signal</th><th>By</th><th>Note</th></tr></thead><tbody>");
        foreach (var entry in view.Timeline)
        {
            body.Append("<tr class=\"event-").Append(E(entry.Event)).Append("\"><td>").Append(E(EvidenceText.Time(entry.At))).Append("</td><td>").Append(E(entry.Event))
                .Append("</td><td>").Append(E(entry.Signal)).Append("</td><td>").Append(E(entry.Actor)).Append("</td><td>").Append(E(entry.Note)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");

        body.Append("<h2>Member signals</h2><table id=\"members\"><thead><tr><th>Signal</th><th>Source</th><th>State</th><th>Severity</th><th>First seen</th><th>Findings</th></tr></thead><tbody>");
        foreach (var alert in view.Members)
        {
            body.Append("<tr class=\"member\"><td><a href=\"/alerts/").Append(E(alert.Id)).Append("\">").Append(E(IncidentTimeline.Signal(alert))).Append("</a></td><td>")
                .Append(alert.Suite is null ? "telemetry" : "canary").Append("</td><td>").Append(E(alert.State.Name())).Append("</td><td>").Append(E(alert.Severity.Name()))
                .Append("</td><td>").Append(E(EvidenceText.Time(alert.FirstSeenAt))).Append("</td><td>").Append(alert.FindingCount.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        if (view.Lead is { } explaining)
        {
            var evidence = explaining.Evidence;
            body.Append("<h2>Evidence</h2><p>From ").Append(E(IncidentTimeline.Signal(explaining))).Append(", the member that explains the incident best.</p><table id=\"evidence\"><tbody>");
            Row(body, "Detector", evidence.Detector);
            Row(body, "Statistic", EvidenceText.Statistic(evidence));
            Row(body, "Baseline", EvidenceText.Value(evidence.Baseline));
            Row(body, "Current", EvidenceText.Value(evidence.Current));
            Row(body, "Estimated start", EvidenceText.Time(evidence.EstimatedStart));
            Row(body, "Severity because", evidence.SeverityReason);
            body.Append("</tbody></table>");
            ExampleList.Render(body, explaining, view.StoredOutputs, ReferenceEquals(explaining, view.Lead) ? view.Chart?.SlowestCalls ?? [] : []);
        }

        return Layout($"{incident.Kind} {incident.Provider}/{incident.Model}", body.ToString());
    }

    /// <summary>Current value (latest plotted point), peak since the estimated start, and how long it has been open.</summary>
    private static void Status(StringBuilder body, IncidentView view)
    {
        var incident = view.Incident;
        var duration = (incident.ResolvedAt ?? view.Now) - incident.OpenedAt;
        body.Append("<table id=\"incident-status\"><tbody>");
        if (view.Chart is { Points.Count: > 0 } chart && view.Lead is { } lead)
        {
            var measure = chart.Measure;
            var latest = chart.Points.MaxBy(p => p.Time)!;
            var during = chart.Points.Where(p => p.Time >= lead.Evidence.EstimatedStart).DefaultIfEmpty(latest).ToList();
            var peak = measure.HigherIsWorse ? during.MaxBy(p => p.Value)! : during.MinBy(p => p.Value)!;
            StatusRow(body, "current-value", incident.IsOpen ? "Current value" : "Last value", latest, measure);
            StatusRow(body, "peak-value", measure.HigherIsWorse ? "Peak" : "Worst", peak, measure);
            body.Append("<tr><th>Baseline (frozen at onset)</th><td class=\"baseline-value\">").Append(E(EvidenceText.Value(lead.Evidence.Baseline))).Append("</td></tr>");
        }
        else
        {
            body.Append("<tr><th>Current value</th><td class=\"current-value\">no stored series</td></tr>");
        }

        body.Append("<tr><th>").Append(incident.IsOpen ? "Open for" : "Lasted").Append("</th><td class=\"duration\">").Append(E(EvidenceText.Duration(duration))).Append("</td></tr>");
        body.Append("</tbody></table>");
    }

    private static void StatusRow(StringBuilder body, string css, string name, ChartPoint point, ChartMeasure measure) =>
        body.Append("<tr><th>").Append(E(name)).Append("</th><td class=\"").Append(css).Append("\" data-value=\"").Append(point.Value.ToString("R", CultureInfo.InvariantCulture))
            .Append("\">").Append(E(SeriesChart.Value(point.Value, measure))).Append(" <small>at ").Append(E(EvidenceText.Time(point.Time))).Append("</small></td></tr>");

    private static void Actions(StringBuilder body, IncidentView view)
    {
        var incident = view.Incident;
        if (!incident.IsOpen)
        {
            return;
        }

        if (!view.ActionsEnabled)
        {
            body.Append("<p class=\"disabled-actions\" id=\"actions-disabled\">").Append(E(AdminKeyVerifier.HowToEnable)).Append("</p>");
            return;
        }

        var id = Uri.EscapeDataString(incident.Id);
        body.Append("<form class=\"action-form actions\" id=\"incident-actions\" onsubmit=\"return false\">");
        body.Append("<label>Your name<input name=\"by\" id=\"action-by\" maxlength=\"100\"></label>");
        body.Append("<label>Note<input name=\"note\" id=\"action-note\" maxlength=\"500\" size=\"40\"></label>");
        body.Append("<label>Silence for<select name=\"until\" id=\"silence-for\"><option value=\"1h\">1 hour</option><option value=\"4h\">4 hours</option><option value=\"24h\">24 hours</option><option value=\"7d\">7 days</option></select></label>");
        if (incident.State != AlertState.Acknowledged)
        {
            body.Append("<button type=\"button\" id=\"ack\" data-action=\"ack\" data-post=\"/api/incidents/").Append(E(id)).Append("/ack\">Acknowledge</button>");
        }

        body.Append("<button type=\"button\" id=\"silence\" data-action=\"silence\" data-post=\"/api/incidents/").Append(E(id)).Append("/silence\">Silence</button>");
        body.Append("<button type=\"button\" id=\"resolve\" data-action=\"resolve\" data-post=\"/api/incidents/").Append(E(id)).Append("/resolve\">Resolve</button>");
        body.Append("</form><p id=\"action-status\" role=\"status\"></p>");
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static void Row(StringBuilder body, string name, string value) =>
        body.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
}
