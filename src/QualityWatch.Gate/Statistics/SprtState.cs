namespace QualityWatch.Gate.Statistics;

/// <summary>Where the paired sequential test stands: its two log-likelihood ratios against Wald's boundaries.</summary>
/// <param name="RegressionLogLikelihoodRatio">Evidence for a drop, from the discordant pairs only (crossing <paramref name="UpperBoundary"/> fails).</param>
/// <param name="NoDropLogLikelihoodRatio">ln L(drop) − ln L(no drop) over all pairs (falling to <paramref name="LowerBoundary"/> passes).</param>
/// <param name="LowerBoundary">ln(β / (1 − α)).</param>
/// <param name="UpperBoundary">ln((1 − β) / α).</param>
/// <param name="NoiseRate">The improvement rate the no-drop ratio used (flakiness of a pair).</param>
/// <param name="Decision">Which boundary, if any, was crossed.</param>
internal sealed record SprtState(
    double RegressionLogLikelihoodRatio,
    double NoDropLogLikelihoodRatio,
    double LowerBoundary,
    double UpperBoundary,
    double NoiseRate,
    SprtDecision Decision);
