namespace QualityWatch.Detection.Sequential;

/// <summary>Result of <see cref="RollingBaselineComparison.Compare"/>.</summary>
/// <param name="BaselineRate">Baseline pass rate.</param>
/// <param name="BaselineLow">Baseline Wilson lower bound.</param>
/// <param name="BaselineHigh">Baseline Wilson upper bound.</param>
/// <param name="CurrentRate">Current pass rate.</param>
/// <param name="CurrentLow">Current Wilson lower bound.</param>
/// <param name="CurrentHigh">Current Wilson upper bound.</param>
/// <param name="ProbabilityCurrentLower">Posterior probability (Beta-binomial) that the current rate is below the baseline.</param>
/// <param name="Degraded">The intervals do not overlap and the current one lies below.</param>
public sealed record BaselineComparison(
    double BaselineRate,
    double BaselineLow,
    double BaselineHigh,
    double CurrentRate,
    double CurrentLow,
    double CurrentHigh,
    double ProbabilityCurrentLower,
    bool Degraded);
