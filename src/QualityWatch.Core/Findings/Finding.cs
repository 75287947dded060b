using QualityWatch.Core.Telemetry;

namespace QualityWatch.Core.Findings;

/// <summary>
/// A detector's statement that a series degraded, with the evidence an ML engineer needs to believe it.
/// Findings are raised by the detection engine and turned into alerts (deduplicated, grouped) downstream.
/// </summary>
/// <param name="Kind">What degraded (see <see cref="FindingKinds"/>).</param>
/// <param name="Detector">The detector that raised it, for example <c>bernoulli-cusum</c> or <c>sr</c>.</param>
/// <param name="Series">The series the detector watched.</param>
/// <param name="Segment">The segment that explains the change (provider, model, region, category…), possibly
/// narrower than <paramref name="Series"/>.</param>
/// <param name="DetectedAt">Event time of the bucket that crossed the threshold.</param>
/// <param name="EstimatedStart">Estimated start of the change.</param>
/// <param name="Statistic">Name of the test statistic (CUSUM S, martingale, U, D, chi²…).</param>
/// <param name="StatisticValue">Its value.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="PValue">p-value, when the test has one.</param>
/// <param name="LikelihoodRatio">Likelihood ratio, for sequential tests.</param>
/// <param name="Baseline">Baseline value with its interval.</param>
/// <param name="Current">Current value with its interval.</param>
/// <param name="Summary">One sentence a person understands.</param>
/// <param name="Examples">Example failing canary cases or calls.</param>
public sealed record Finding(
    string Kind,
    string Detector,
    SeriesKey Series,
    IReadOnlyDictionary<string, string> Segment,
    DateTimeOffset DetectedAt,
    DateTimeOffset EstimatedStart,
    string Statistic,
    double StatisticValue,
    double Threshold,
    double? PValue,
    double? LikelihoodRatio,
    ValueWithInterval Baseline,
    ValueWithInterval Current,
    string Summary,
    IReadOnlyList<FindingExample> Examples);
