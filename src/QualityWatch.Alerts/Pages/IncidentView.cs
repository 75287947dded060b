using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>Everything the incident page shows, read before rendering.</summary>
internal sealed record IncidentView(
    Incident Incident,
    IReadOnlyList<Alert> Members,
    IReadOnlyList<IncidentTimelineEntry> Timeline,
    Alert? Lead,
    ChartData? Chart,
    IReadOnlyList<StoredOutputExample> StoredOutputs,
    string RunbookUrl,
    IReadOnlyList<(string Title, string Url)> Dashboards,
    bool ActionsEnabled,
    DateTimeOffset Now);
