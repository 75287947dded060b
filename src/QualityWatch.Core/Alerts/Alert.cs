namespace QualityWatch.Core.Alerts;

/// <summary>
/// One alert: one incident of one kind on one series/segment, updated in place as evidence grows.
/// </summary>
/// <param name="Id">Stable id (<c>al-…</c>).</param>
/// <param name="IncidentId">The incident: alerts of one kind on one physical target (provider family + model), across
/// suites and across canary and telemetry sources.</param>
/// <param name="DedupKey">Kind + series + segment: findings with the same key update this alert while it is open.</param>
/// <param name="Kind">Finding kind (quality-regression, latency-drift…).</param>
/// <param name="Severity">Highest severity reached during the incident.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Provider">Provider of the series.</param>
/// <param name="Model">Model of the series.</param>
/// <param name="Operation">Operation of the series.</param>
/// <param name="Suite">Canary suite, when the series is a canary series.</param>
/// <param name="Series">Canonical series key.</param>
/// <param name="SeriesLabels">Labels of the series key.</param>
/// <param name="Segment">Segment that explains the change.</param>
/// <param name="Summary">One sentence from the latest finding.</param>
/// <param name="FirstSeenAt">Detection time of the first finding.</param>
/// <param name="UpdatedAt">Last change of any kind.</param>
/// <param name="LastEvidenceAt">Detection time of the latest finding.</param>
/// <param name="HealthySince">Since when the series has been reported healthy, while open; null when not.</param>
/// <param name="AcknowledgedAt">When it was acknowledged.</param>
/// <param name="AcknowledgedBy">Who acknowledged it (free text from the API, never the key).</param>
/// <param name="SilencedUntil">End of the silence, while silenced.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="ResolvedBy"><c>auto</c> or who resolved it.</param>
/// <param name="FindingCount">Findings merged into this alert.</param>
/// <param name="Evidence">The evidence of the latest finding, with examples accumulated.</param>
public sealed record Alert(
    string Id,
    string IncidentId,
    string DedupKey,
    string Kind,
    AlertSeverity Severity,
    AlertState State,
    string Provider,
    string Model,
    string Operation,
    string? Suite,
    string Series,
    IReadOnlyDictionary<string, string> SeriesLabels,
    IReadOnlyDictionary<string, string> Segment,
    string Summary,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastEvidenceAt,
    DateTimeOffset? HealthySince,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? SilencedUntil,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    int FindingCount,
    AlertEvidence Evidence)
{
    /// <summary>Consecutive evaluation passes that reported the series healthy since <see cref="HealthySince"/>; passes
    /// without data for the series neither count nor reset it.</summary>
    public int HealthyChecks { get; init; }

    /// <summary>True unless resolved.</summary>
    public bool IsOpen => State != AlertState.Resolved;
}
