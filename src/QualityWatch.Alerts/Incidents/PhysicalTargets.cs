using Microsoft.Extensions.Options;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Incidents;

/// <summary>
/// Which physical model an alert is about: canary providers have configured names (<c>openai-prod</c>), telemetry
/// reports the family (<c>openai</c>); both are the same model behind one API, so their alerts share an incident.
/// </summary>
internal sealed class PhysicalTargets(IOptions<AlertsOptions> options)
{
    private readonly Dictionary<string, string> _families = options.Value.ProviderFamilies
        .GroupBy(f => f.Provider, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().Family, StringComparer.Ordinal);

    /// <summary>The provider family of <paramref name="provider"/>: configured, else the provider name itself.</summary>
    public string Family(string provider) => _families.TryGetValue(provider, out var family) ? family : provider;

    /// <summary>Kind + family + model: alerts with the same key are one incident while it is open.</summary>
    public string IncidentKey(string kind, string provider, string model) => $"{kind}|{Family(provider)}|{model}";

    public string IncidentKey(Alert alert) => IncidentKey(alert.Kind, alert.Provider, alert.Model);
}
