
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Pages;

/// <summary>What the incident list shows: the incidents that match, the filters as given, active silences.</summary>
internal sealed record IncidentListView(
    IReadOnlyList<Incident> Incidents,
    IReadOnlyDictionary<string, int> MemberCounts,
    IReadOnlyList<Silence> Silences,
    IReadOnlyList<string> States,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Providers,
    IReadOnlyList<string> Models,
    string? Error,
    bool ActionsEnabled,
    DateTimeOffset Now);
