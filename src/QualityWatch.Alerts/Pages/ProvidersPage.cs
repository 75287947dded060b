using System.Globalization;
using System.Text;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// One row per physical model: pass rate and latency over the last hour, availability over the data held against the
/// published SLA, and a status that open quality and latency incidents override (a model failing its quality checks
/// never shows "meets SLA" in green). Incident counts link to the matching incident list.
/// </summary>
internal static class ProvidersPage
{
    public static string Render(IReadOnlyList<ProviderStatus> rows, TimeSpan sloWindow)
    {
        var body = new StringBuilder("<h1>Providers</h1>");
        body.Append("<p>One row per physical model (telemetry and canary provider names merged). Availability over the data held, at most the last ")
            .Append(E(Held(sloWindow))).Append(", against each provider's published SLA; pass rate and latency (p50 / p95 from merged histograms) over the last hour.</p>");
        if (rows.Count == 0)
        {
            body.Append("<p id=\"no-providers\">No telemetry, canary results or incidents yet.</p>");
        }

        body.Append("<table id=\"providers\"><thead><tr><th>Provider</th><th>Model</th><th>Seen as</th><th>Pass rate (1 h)</th><th>Latency p50 / p95 (1 h)</th><th>Availability</th><th>Period</th><th>SLA</th><th>Status</th><th>Error budget left</th><th>Calls / errors</th><th>Open incidents</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var status = row.OpenIncidents.Count > 0
                ? $"<span class=\"error\">open incident: {E(string.Join(", ", row.OpenIncidents.Distinct(StringComparer.Ordinal)))}{(row.MeetsSla == false ? " · below SLA" : string.Empty)}</span>"
                : row.MeetsSla switch
                {
                    true => "<span class=\"ok\">meets SLA</span>",
                    false => "<span class=\"error\">below SLA</span>",
                    null => "no data",
                };
            var link = $"/incidents?state=open&provider={Uri.EscapeDataString(row.Provider)}&model={Uri.EscapeDataString(row.Model)}";
            body.Append("<tr class=\"provider-row\" data-provider=\"").Append(E(row.Provider)).Append("\" data-model=\"").Append(E(row.Model)).Append("\">");
            body.Append("<td>").Append(E(row.Provider)).Append("</td><td>").Append(E(row.Model)).Append("</td>");
            body.Append("<td class=\"names\">").Append(E(string.Join(", ", row.Names))).Append("</td>");
            body.Append("<td class=\"pass-rate\">").Append(E(Percent(row.PassRateLastHour, 1))).Append(row.QualityChecksLastHour > 0 ? $" <small>(n = {row.QualityChecksLastHour})</small>" : string.Empty).Append("</td>");
            body.Append("<td class=\"latency\">").Append(E(Seconds(row.LatencyP50Seconds))).Append(" / ").Append(E(Seconds(row.LatencyP95Seconds))).Append("</td>");
            body.Append("<td class=\"availability\">").Append(E(Percent(row.Availability, 3))).Append("</td>");
            body.Append("<td class=\"period\">").Append(E(row.DataHeld is { } held ? Held(held) : "—")).Append("</td>");
            body.Append("<td class=\"sla\">").Append(E(Percent(row.Sla, 2))).Append("</td>");
            body.Append("<td class=\"sla-status\">").Append(status).Append("</td>");
            body.Append("<td>").Append(E(Percent(row.ErrorBudgetRemaining, 0))).Append("</td>");
            body.Append("<td>").Append(row.Calls.ToString("N0", CultureInfo.InvariantCulture)).Append(" / ").Append(row.Errors.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");
            body.Append("<td class=\"open-incidents\"><a href=\"").Append(E(link)).Append("\">").Append(row.OpenIncidents.Count.ToString(CultureInfo.InvariantCulture)).Append("</a></td></tr>");
        }

        body.Append("</tbody></table>");
        return Layout("Providers", body.ToString());
    }

    private static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "—";

    /// <summary><c>48 h</c> up to three days, then <c>12 days</c>; under an hour <c>40 min</c>.</summary>
    internal static string Held(TimeSpan span) =>
        span < TimeSpan.FromHours(1) ? $"{Math.Max(1, (int)Math.Round(span.TotalMinutes))} min"
        : span <= TimeSpan.FromHours(72) ? $"{(int)Math.Round(span.TotalHours)} h"
        : $"{(int)Math.Round(span.TotalDays)} days";
}
