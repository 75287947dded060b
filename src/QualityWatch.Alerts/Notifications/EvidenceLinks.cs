using Microsoft.Extensions.Options;

namespace QualityWatch.Alerts.Notifications;

/// <summary>Links to an alert's review page: absolute when <c>alerts.external_url</c> is set, else site-relative.</summary>
internal sealed class EvidenceLinks(IOptions<AlertsOptions> options)
{
    private readonly Incidents.IncidentLinks _incidents = new(options);

    private readonly string _base = options.Value.ExternalUrl?.TrimEnd('/') ?? string.Empty;

    public string For(string alertId) => $"{_base}/alerts/{Uri.EscapeDataString(alertId)}";

    /// <summary>The runbook of a kind of incident (see <see cref="Incidents.IncidentLinks.Runbook"/>).</summary>
    public string Runbook(string kind) => _incidents.Runbook(kind);

    public string ForIncident(string incidentId) => $"{_base}/incidents/{Uri.EscapeDataString(incidentId)}";
}
