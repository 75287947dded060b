using System.Globalization;
using Microsoft.Extensions.Options;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Incidents;

/// <summary>
/// Links out of an incident: its runbook (<c>alerts.runbook_base_url</c>/{kind}.md, else the runbooks the collector
/// serves at <c>/runbooks/{kind}</c>) and, when <c>alerts.grafana_url</c> is set, the shipped Grafana dashboards with
/// the provider and model variables and the incident's time range.
/// </summary>
internal sealed class IncidentLinks(IOptions<AlertsOptions> options)
{
    private readonly string? _runbooks = options.Value.RunbookBaseUrl?.TrimEnd('/');
    private readonly string? _grafana = options.Value.GrafanaUrl?.TrimEnd('/');
    private readonly string _external = options.Value.ExternalUrl?.TrimEnd('/') ?? string.Empty;

    /// <summary>The runbook of a kind of alert.</summary>
    public string Runbook(string kind) => _runbooks is { Length: > 0 }
        ? $"{_runbooks}/{Uri.EscapeDataString(kind)}.md"
        : $"{_external}/runbooks/{Uri.EscapeDataString(kind)}";

    /// <summary>Dashboards for an incident (none without <c>alerts.grafana_url</c>): provider overview, drift and
    /// alerts, and canary quality for output faults. <paramref name="provider"/> is the member's provider label.</summary>
    public IReadOnlyList<(string Title, string Url)> Dashboards(Incident incident, string provider)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (_grafana is not { Length: > 0 })
        {
            return [];
        }

        var from = (incident.OpenedAt - TimeSpan.FromHours(3)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var to = incident.ResolvedAt is { } resolved ? (resolved + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "now";
        var query = $"var-provider={Uri.EscapeDataString(provider)}&var-model={Uri.EscapeDataString(incident.Model)}&from={from}&to={to}";
        var links = new List<(string, string)>
        {
            ("Provider overview", $"{_grafana}/d/qualitywatch-provider-overview?{query}"),
            ("Drift and alerts", $"{_grafana}/d/qualitywatch-drift-alerts?{query}"),
        };
        if (PhysicalTargets.FaultClass(incident.Kind) == "output" || incident.Kind == FindingKinds.QualityRegression)
        {
            links.Add(("Canary quality", $"{_grafana}/d/qualitywatch-canary-quality?{query}"));
        }

        return links;
    }
}
