using System.Globalization;
using System.Text;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// The incident list: open incidents by default, most severe first, with relative times and durations; filters take
/// several values (state, kind, provider, model); active silences below, with a form to add one (or how to enable it).
/// </summary>
internal static class IncidentListPage
{
    private static readonly string[] StateChoices = ["open", "firing", "acknowledged", "silenced", "resolved", "all"];

    public static string Render(IncidentListView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new StringBuilder("<h1>Incidents</h1>");
        body.Append("<form class=\"filters\" method=\"get\" action=\"/incidents\" id=\"incident-filters\">");
        body.Append("<fieldset><legend>State</legend>");
        foreach (var state in StateChoices)
        {
            var isChecked = view.States.Count == 0 ? state == "open" : view.States.Contains(state);
            body.Append("<label class=\"check\"><input type=\"checkbox\" name=\"state\" value=\"").Append(state).Append('"').Append(isChecked ? " checked" : string.Empty)
                .Append(" id=\"state-").Append(state).Append("\">").Append(state).Append("</label>");
        }

        body.Append("</fieldset><label>Kind<select name=\"kind\" id=\"filter-kind\" multiple size=\"4\">");
        foreach (var kind in IncidentFilter.KnownKinds)
        {
            body.Append("<option value=\"").Append(E(kind)).Append('"').Append(view.Kinds.Contains(kind) ? " selected" : string.Empty).Append('>').Append(E(kind)).Append("</option>");
        }

        body.Append("</select></label>");
        body.Append("<label>Provider<input name=\"provider\" id=\"filter-provider\" value=\"").Append(E(string.Join(",", view.Providers))).Append("\" placeholder=\"openai, anthropic\"></label>");
        body.Append("<label>Model<input name=\"model\" id=\"filter-model\" value=\"").Append(E(string.Join(",", view.Models))).Append("\" placeholder=\"gpt-4o-mini\"></label>");
        body.Append("<button type=\"submit\" id=\"apply-filters\">Filter</button></form>");
        if (view.Error is not null)
        {
            body.Append("<p class=\"error\" id=\"filter-error\">").Append(E(view.Error)).Append("</p>");
        }

        var incidents = view.Incidents.OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.Severity).ThenByDescending(i => i.UpdatedAt).ToList();
        body.Append(incidents.Count == 0 ? "<p id=\"no-incidents\">No incidents match.</p>" : string.Empty);
        body.Append("<table id=\"incidents\"><thead><tr><th>Severity</th><th>State</th><th>Kind</th><th>Provider / model</th><th>Summary</th><th>Opened</th><th>Duration</th><th>Signals</th><th>Updated</th></tr></thead><tbody>");
        foreach (var incident in incidents)
        {
            body.Append("<tr class=\"incident-row\" data-incident-id=\"").Append(E(incident.Id)).Append("\" data-severity=\"").Append(E(incident.Severity.Name())).Append("\">");
            body.Append("<td><span class=\"sev-").Append(E(incident.Severity.Name())).Append("\">").Append(E(incident.Severity.Name())).Append("</span></td>");
            body.Append("<td class=\"state state-").Append(E(incident.State.Name())).Append("\">").Append(E(incident.State.Name())).Append("</td>");
            body.Append("<td class=\"kind\">").Append(E(incident.Kind)).Append("</td>");
            body.Append("<td class=\"provider\"><a href=\"/incidents/").Append(E(Uri.EscapeDataString(incident.Id))).Append("\">").Append(E(incident.Provider)).Append(" / ").Append(E(incident.Model)).Append("</a></td>");
            body.Append("<td>").Append(E(incident.Summary)).Append("</td>");
            body.Append("<td title=\"").Append(E(EvidenceText.Time(incident.OpenedAt))).Append("\">").Append(E(Ago(view.Now - incident.OpenedAt))).Append("</td>");
            body.Append("<td class=\"duration\">").Append(E(incident.ResolvedAt is { } resolved ? $"lasted {EvidenceText.Duration(resolved - incident.OpenedAt)}" : $"open {EvidenceText.Duration(view.Now - incident.OpenedAt)}")).Append("</td>");
            body.Append("<td>").Append(view.MemberCounts.GetValueOrDefault(incident.Id).ToString(CultureInfo.InvariantCulture)).Append("</td>");
            body.Append("<td title=\"").Append(E(EvidenceText.Time(incident.UpdatedAt))).Append("\">").Append(E(Ago(view.Now - incident.UpdatedAt))).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        Silences(body, view);
        return Layout("Incidents", body.ToString());
    }

    private static void Silences(StringBuilder body, IncidentListView view)
    {
        body.Append("<h2>Active silences</h2>");
        body.Append(view.Silences.Count == 0 ? "<p id=\"no-silences\">No active silences.</p>" : string.Empty);
        body.Append("<table id=\"silences\"").Append(view.Silences.Count == 0 ? " hidden" : string.Empty).Append("><thead><tr><th>Matches</th><th>Until</th><th>By</th><th>Note</th><th>From incident</th><th></th></tr></thead><tbody>");
        foreach (var silence in view.Silences)
        {
            var matchers = string.Join(", ", new[] { ("provider", silence.Provider), ("model", silence.Model), ("kind", silence.Kind) }.Where(m => m.Item2 is not null).Select(m => $"{m.Item1}={m.Item2}"));
            body.Append("<tr class=\"silence-row\" data-silence-id=\"").Append(E(silence.Id)).Append("\"><td>").Append(E(matchers)).Append("</td><td>")
                .Append(E(EvidenceText.Time(silence.EndsAt))).Append(" <small>(in ").Append(E(EvidenceText.Duration(silence.EndsAt - view.Now))).Append(")</small></td><td>")
                .Append(E(silence.CreatedBy)).Append("</td><td>").Append(E(silence.Note)).Append("</td><td>");
            if (silence.IncidentId is { } incidentId)
            {
                body.Append("<a href=\"/incidents/").Append(E(Uri.EscapeDataString(incidentId))).Append("\">").Append(E(incidentId)).Append("</a>");
            }

            body.Append("</td><td>");
            if (view.ActionsEnabled)
            {
                body.Append("<form class=\"action-form\" onsubmit=\"return false\"><button type=\"button\" class=\"expire-silence\" data-action=\"expire\" data-method=\"DELETE\" data-post=\"/api/silences/")
                    .Append(E(Uri.EscapeDataString(silence.Id))).Append("\">Expire</button></form>");
            }

            body.Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        if (!view.ActionsEnabled)
        {
            body.Append("<p class=\"disabled-actions\" id=\"actions-disabled\">").Append(E(AdminKeyVerifier.HowToEnable)).Append("</p>");
            return;
        }

        body.Append("<form class=\"action-form\" id=\"new-silence\" onsubmit=\"return false\">");
        body.Append("<label>Provider<input name=\"provider\" id=\"silence-provider\"></label><label>Model<input name=\"model\" id=\"silence-model\"></label>");
        body.Append("<label>Kind<select name=\"kind\" id=\"silence-kind\"><option value=\"\">any</option>");
        foreach (var kind in IncidentFilter.KnownKinds)
        {
            body.Append("<option value=\"").Append(E(kind)).Append("\">").Append(E(kind)).Append("</option>");
        }

        body.Append("</select></label><label>For<select name=\"until\" id=\"silence-until\"><option value=\"1h\">1 hour</option><option value=\"4h\">4 hours</option><option value=\"24h\">24 hours</option><option value=\"7d\">7 days</option></select></label>");
        body.Append("<label>Your name<input name=\"by\" id=\"silence-by\"></label><label>Note<input name=\"note\" id=\"silence-note\" size=\"30\"></label>");
        body.Append("<button type=\"button\" id=\"create-silence\" data-action=\"create-silence\" data-post=\"/api/silences\">Add silence</button></form>");
        body.Append("<p id=\"action-status\" role=\"status\"></p>");
    }

    /// <summary><c>5 min ago</c>, <c>2 h 3 min ago</c>.</summary>
    internal static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{EvidenceText.Duration(span)} ago";
}
