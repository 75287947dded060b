using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Sequential;

/// <summary>
/// Compares a current pass rate with a rolling baseline: Wilson intervals for both, plus the Beta-binomial posterior
/// probability that the current rate is lower (uniform Beta(1,1) priors, normal approximation of the difference).
/// Complements CUSUM when p₀ is not known in advance.
/// </summary>
public static class RollingBaselineComparison
{
    /// <summary>The comparison of <paramref name="currentPassed"/>/<paramref name="currentTotal"/> against the baseline.</summary>
    public static BaselineComparison Compare(long baselinePassed, long baselineTotal, long currentPassed, long currentTotal, double z = WilsonInterval.Z95)
    {
        var baseline = WilsonInterval.Compute(baselinePassed, baselineTotal, z);
        var current = WilsonInterval.Compute(currentPassed, currentTotal, z);
        double a1 = baselinePassed + 1.0;
        double b1 = baselineTotal - baselinePassed + 1.0;
        double a2 = currentPassed + 1.0;
        double b2 = currentTotal - currentPassed + 1.0;
        double mean1 = a1 / (a1 + b1);
        double mean2 = a2 / (a2 + b2);
        double var1 = a1 * b1 / ((a1 + b1) * (a1 + b1) * (a1 + b1 + 1));
        double var2 = a2 * b2 / ((a2 + b2) * (a2 + b2) * (a2 + b2 + 1));
        double probabilityLower = ProbabilityFunctions.NormalCdf((mean1 - mean2) / Math.Sqrt(var1 + var2));
        bool degraded = currentTotal > 0 && baselineTotal > 0 && current.High < baseline.Low;
        return new BaselineComparison(
            baselineTotal == 0 ? double.NaN : baselinePassed / (double)baselineTotal,
            baseline.Low,
            baseline.High,
            currentTotal == 0 ? double.NaN : currentPassed / (double)currentTotal,
            current.Low,
            current.High,
            probabilityLower,
            degraded);
    }
}
