using Microsoft.Extensions.Options;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

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

    /// <summary>Fault class + family + model: alerts with the same key are one incident while it is open.</summary>
    public string IncidentKey(string kind, string provider, string model) => $"{FaultClass(kind)}|{Family(provider)}|{model}";

    /// <summary>
    /// Finding kinds that are symptoms of one kind of fault: a misrouting shows as a second latency population on the
    /// canaries and as latency drift in telemetry; corrupted or cut-short answers fail quality checks too. Other kinds
    /// stand alone.
    /// </summary>
    public static string FaultClass(string kind) => kind switch
    {
        FindingKinds.LatencyDrift or FindingKinds.RoutingAnomaly => "latency",
        FindingKinds.QualityRegression or FindingKinds.OutputCorruption or FindingKinds.Truncation or FindingKinds.ModelSwap
            or FindingKinds.SamplingDivergence or FindingKinds.StickyRouting => "output",
        _ => kind,
    };

    public string IncidentKey(Alert alert) => IncidentKey(alert.Kind, alert.Provider, alert.Model);

    /// <summary>
    /// Kinds that name a misrouting (a second latency population, failures concentrated on sticky sessions). A
    /// misrouting has symptoms in both fault classes, so while its incident is open the model's other findings join it.
    /// </summary>
    public static bool IsRouting(string kind) => kind is FindingKinds.RoutingAnomaly or FindingKinds.StickyRouting;
}
