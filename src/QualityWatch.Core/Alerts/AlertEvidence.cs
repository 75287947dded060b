using QualityWatch.Core.Findings;

namespace QualityWatch.Core.Alerts;

/// <summary>What a reviewer needs to believe an alert, stored with it.</summary>
/// <param name="Detector">Detector that raised the latest finding.</param>
/// <param name="Statistic">Test statistic name.</param>
/// <param name="StatisticValue">Its value.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="PValue">p-value, when the test has one.</param>
/// <param name="LikelihoodRatio">Likelihood ratio, for sequential tests.</param>
/// <param name="Baseline">Baseline value with interval.</param>
/// <param name="Current">Current value with interval.</param>
/// <param name="DetectedAt">Detection time of the latest finding.</param>
/// <param name="EstimatedStart">Estimated start of the change.</param>
/// <param name="SeverityReason">Why the severity is what it is (effect size and confidence).</param>
/// <param name="Examples">Up to N examples, newest first.</param>
public sealed record AlertEvidence(
    string Detector,
    string Statistic,
    double StatisticValue,
    double Threshold,
    double? PValue,
    double? LikelihoodRatio,
    ValueWithInterval Baseline,
    ValueWithInterval Current,
    DateTimeOffset DetectedAt,
    DateTimeOffset EstimatedStart,
    string SeverityReason,
    IReadOnlyList<AlertExample> Examples);
