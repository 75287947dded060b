using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>Identity of an incident: findings with the same key belong to the same alert while it is open.</summary>
internal static class AlertKeys
{
    public static string DedupKey(Finding finding) =>
        $"{finding.Kind}|{finding.Series.Canonical}|{Canonical(finding.Segment)}";

    public static string Canonical(IReadOnlyDictionary<string, string> labels) =>
        string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    public static string NewAlertId() => "al-" + Guid.NewGuid().ToString("N")[..16];

    public static string NewSilenceId() => "sil-" + Guid.NewGuid().ToString("N")[..16];

    public static string NewIncidentId() => "inc-" + Guid.NewGuid().ToString("N")[..16];
}
