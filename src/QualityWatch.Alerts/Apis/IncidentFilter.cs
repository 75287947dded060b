using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Apis;

/// <summary>
/// Incident filters, each taking several values (<c>?state=open&amp;state=resolved&amp;kind=latency-drift</c>): values
/// of one filter are alternatives, filters combine. <c>state</c>: open (default), firing, acknowledged, silenced,
/// resolved, all. <c>provider</c> matches the family or any configured provider of it (<c>openai-prod</c> → <c>openai</c>).
/// </summary>
internal sealed record IncidentFilter(IReadOnlySet<AlertState> States, IReadOnlySet<string> Kinds, IReadOnlySet<string> Providers, IReadOnlySet<string> Models)
{
    public static readonly string[] KnownKinds =
    [
        FindingKinds.QualityRegression, FindingKinds.LatencyDrift, FindingKinds.OutputCorruption, FindingKinds.RoutingAnomaly,
        FindingKinds.ModelSwap, FindingKinds.SamplingDivergence, FindingKinds.StickyRouting, FindingKinds.Truncation, FindingKinds.Availability,
        FindingKinds.MultivariateDrift,
    ];

    private static readonly AlertState[] OpenStates = [AlertState.Firing, AlertState.Acknowledged, AlertState.Silenced];

    public bool Matches(Incident incident) =>
        States.Contains(incident.State)
        && (Kinds.Count == 0 || Kinds.Contains(incident.Kind))
        && (Providers.Count == 0 || Providers.Contains(incident.Provider))
        && (Models.Count == 0 || Models.Contains(incident.Model));

    /// <summary>The filter, or a message naming the bad value.</summary>
    public static bool TryParse(string[]? state, string[]? kind, string[]? provider, string[]? model, PhysicalTargets targets, out IncidentFilter filter, out string error)
    {
        filter = null!;
        error = string.Empty;
        var states = new HashSet<AlertState>();
        foreach (var value in Values(state).DefaultIfEmpty("open"))
        {
            switch (value.ToLowerInvariant())
            {
                case "open":
                    states.UnionWith(OpenStates);
                    break;
                case "all":
                    states.UnionWith(Enum.GetValues<AlertState>());
                    break;
                default:
                    if (!AlertText.TryParseState(value, out var parsed))
                    {
                        error = $"state '{value}' is not one of open, firing, acknowledged, silenced, resolved, all";
                        return false;
                    }

                    states.Add(parsed);
                    break;
            }
        }

        var kinds = Values(kind).ToHashSet(StringComparer.Ordinal);
        if (kinds.FirstOrDefault(k => !KnownKinds.Contains(k)) is { } unknown)
        {
            error = $"kind '{unknown}' is not one of {string.Join(", ", KnownKinds)}";
            return false;
        }

        var providers = Values(provider).ToList();
        var models = Values(model).ToList();
        if (providers.Concat(models).Any(v => v.Length > 200))
        {
            error = "provider and model values must be at most 200 characters";
            return false;
        }

        filter = new IncidentFilter(states, kinds, providers.Select(targets.Family).ToHashSet(StringComparer.Ordinal), models.ToHashSet(StringComparer.Ordinal));
        return true;
    }

    /// <summary>True when only the default (open) states are asked for.</summary>
    public bool IsOpenOnly => States.SetEquals(OpenStates);

    private static IEnumerable<string> Values(string[]? values) =>
        (values ?? []).SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);
}
