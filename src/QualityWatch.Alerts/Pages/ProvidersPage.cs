using System.Globalization;
using System.Text;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>Each provider × model: pass rate, latency, availability over the SLO window vs its published SLA.</summary>
internal static class ProvidersPage
{
    public static string Render(IReadOnlyList<ProviderStatus> rows, TimeSpan sloWindow)
    {
        var body = new StringBuilder("<h1>Providers</h1>");
        body.Append("<p>Availability over the last ").Append(E(Window(sloWindow))).Append(" against each provider's published SLA; pass rate and latency over the last hour.</p>");
        if (rows.Count == 0)
        {
            body.Append("<p id=\"no-providers\">No telemetry, canary results or alerts yet.</p>");
        }

        body.Append("<table id=\"providers\"><thead><tr><th>Provider</th><th>Model</th><th>Pass rate (1 h)</th><th>Latency p50 / p95 (1 h)</th><th>Availability</th><th>SLA</th><th>Status</th><th>Error budget left</th><th>Calls / errors</th><th>Open alerts</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var status = row.MeetsSla switch
            {
                true => "<span class=\"ok\">meets SLA</span>",
                false => "<span class=\"error\">below SLA</span>",
                null => "no data",
            };
            body.Append("<tr class=\"provider-row\" data-provider=\"").Append(E(row.Provider)).Append("\" data-model=\"").Append(E(row.Model)).Append("\">");
            body.Append("<td>").Append(E(row.Provider)).Append("</td><td>").Append(E(row.Model)).Append("</td>");
            body.Append("<td class=\"pass-rate\">").Append(E(Percent(row.PassRateLastHour, 1))).Append(row.QualityChecksLastHour > 0 ? $" <small>(n = {row.QualityChecksLastHour})</small>" : string.Empty).Append("</td>");
            body.Append("<td>").Append(E(Seconds(row.LatencyP50Seconds))).Append(" / ").Append(E(Seconds(row.LatencyP95Seconds))).Append("</td>");
            body.Append("<td class=\"availability\">").Append(E(Percent(row.Availability, 3))).Append("</td>");
            body.Append("<td class=\"sla\">").Append(E(Percent(row.Sla, 2))).Append("</td>");
            body.Append("<td class=\"sla-status\">").Append(status).Append("</td>");
            body.Append("<td>").Append(E(Percent(row.ErrorBudgetRemaining, 0))).Append("</td>");
            body.Append("<td>").Append(row.Calls.ToString("N0", CultureInfo.InvariantCulture)).Append(" / ").Append(row.Errors.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");
            body.Append("<td>").Append(row.OpenAlerts > 0 ? $"<a href=\"/?provider={E(Uri.EscapeDataString(row.Provider))}\">{row.OpenAlerts}</a>" : "0").Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Layout("Providers", body.ToString());
    }

    private static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "—";

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays % 1 == 0 ? $"{window.TotalDays:0} days" : window.ToString("c", CultureInfo.InvariantCulture);
}
