namespace QualityWatch.Gate.Statistics;

/// <summary>The log-likelihood ratio of a paired SPRT against its Wald boundaries.</summary>
/// <param name="LogLikelihoodRatio">ln L(H1) − ln L(H0) over the pairs seen.</param>
/// <param name="LowerBoundary">ln(β / (1 − α)); at or below it the test accepts H0.</param>
/// <param name="UpperBoundary">ln((1 − β) / α); at or above it the test accepts H1.</param>
/// <param name="NoiseRate">The improvement (b-side noise) rate the likelihoods used.</param>
/// <param name="Decision">Which boundary, if any, was crossed.</param>
internal sealed record SprtState(
    double LogLikelihoodRatio,
    double LowerBoundary,
    double UpperBoundary,
    double NoiseRate,
    SprtDecision Decision);
