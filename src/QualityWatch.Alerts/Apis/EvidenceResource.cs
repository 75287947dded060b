using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Apis;

/// <summary>Evidence in JSON: statistic, baseline vs current with intervals, start, examples with diffs.</summary>
internal sealed record EvidenceResource(
    string Detector,
    string Statistic,
    double? StatisticValue,
    double? Threshold,
    double? PValue,
    double? LikelihoodRatio,
    ValueResource Baseline,
    ValueResource Current,
    DateTimeOffset DetectedAt,
    DateTimeOffset EstimatedStart,
    string SeverityReason,
    IReadOnlyList<AlertExample> Examples)
{
    public static EvidenceResource From(AlertEvidence evidence) => new(
        evidence.Detector, evidence.Statistic, Finite(evidence.StatisticValue), Finite(evidence.Threshold), Finite(evidence.PValue),
        Finite(evidence.LikelihoodRatio) ?? (evidence.LikelihoodRatio is { } lr && double.IsPositiveInfinity(lr) ? double.MaxValue : null),
        ValueResource.From(evidence.Baseline), ValueResource.From(evidence.Current), evidence.DetectedAt, evidence.EstimatedStart,
        evidence.SeverityReason, evidence.Examples);

    internal static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
