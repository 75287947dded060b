using System.Text;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>The alert list with state, provider and since filters.</summary>
internal static class AlertListPage
{
    private static readonly (string Value, string Label)[] SinceChoices = [("", "any time"), ("1h", "last hour"), ("24h", "last 24 h"), ("7d", "last 7 days"), ("30d", "last 30 days")];

    public static string Render(IReadOnlyList<Alert> alerts, IReadOnlyList<string> providers, string? state, string? provider, string? since, string? error)
    {
        var body = new StringBuilder("<h1>Alerts</h1>");
        body.Append("<form class=\"filters\" method=\"get\" action=\"/alerts\">");
        body.Append("<label>State<select name=\"state\" id=\"filter-state\"><option value=\"\">any</option>");
        foreach (var option in Enum.GetValues<AlertState>().Select(s => s.Name()))
        {
            body.Append("<option value=\"").Append(E(option)).Append('"').Append(Selected(option, state)).Append('>').Append(E(option)).Append("</option>");
        }

        body.Append("</select></label><label>Provider<select name=\"provider\" id=\"filter-provider\"><option value=\"\">any</option>");
        foreach (var option in providers.Union(provider is { Length: > 0 } ? [provider] : []).Order(StringComparer.Ordinal))
        {
            body.Append("<option value=\"").Append(E(option)).Append('"').Append(Selected(option, provider)).Append('>').Append(E(option)).Append("</option>");
        }

        body.Append("</select></label><label>Updated since<select name=\"since\" id=\"filter-since\">");
        var choices = SinceChoices.Any(c => c.Value == (since ?? string.Empty)) ? SinceChoices : [.. SinceChoices, (since!, since!)];
        foreach (var (value, label) in choices)
        {
            body.Append("<option value=\"").Append(E(value)).Append('"').Append(Selected(value, since ?? string.Empty)).Append('>').Append(E(label)).Append("</option>");
        }

        body.Append("</select></label><button type=\"submit\" id=\"apply-filters\">Filter</button></form>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" id=\"filter-error\">").Append(E(error)).Append("</p>");
        }

        body.Append(alerts.Count == 0 ? "<p id=\"no-alerts\">No alerts match.</p>" : string.Empty);
        body.Append("<table id=\"alerts\"><thead><tr><th>Severity</th><th>State</th><th>Kind</th><th>Provider / model</th><th>Suite</th><th>Summary</th><th>Estimated start</th><th>Updated</th><th>Findings</th><th>Incident</th></tr></thead><tbody>");
        foreach (var alert in alerts)
        {
            body.Append("<tr class=\"alert-row\" data-alert-id=\"").Append(E(alert.Id)).Append("\">");
            body.Append("<td><span class=\"sev-").Append(E(alert.Severity.Name())).Append("\">").Append(E(alert.Severity.Name())).Append("</span></td>");
            body.Append("<td class=\"state state-").Append(E(alert.State.Name())).Append("\">").Append(E(alert.State.Name())).Append("</td>");
            body.Append("<td>").Append(E(alert.Kind)).Append("</td>");
            body.Append("<td class=\"provider\">").Append(E(alert.Provider)).Append(" / ").Append(E(alert.Model)).Append("</td>");
            body.Append("<td>").Append(E(alert.Suite ?? "—")).Append("</td>");
            body.Append("<td><a href=\"/alerts/").Append(E(Uri.EscapeDataString(alert.Id))).Append("\">").Append(E(alert.Summary)).Append("</a></td>");
            body.Append("<td>").Append(E(Time(alert.Evidence.EstimatedStart))).Append("</td>");
            body.Append("<td>").Append(E(Time(alert.UpdatedAt))).Append("</td>");
            body.Append("<td>").Append(alert.FindingCount).Append("</td>");
            body.Append("<td>").Append(E(alert.IncidentId)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Layout("Alerts", body.ToString());
    }

    private static string Selected(string option, string? current) => string.Equals(option, current, StringComparison.Ordinal) ? " selected" : string.Empty;
}
