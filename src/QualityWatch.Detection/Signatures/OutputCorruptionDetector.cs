using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Output corruption: the share of outputs containing letters of unexpected Unicode scripts (stray Thai or Chinese in an
/// English answer) rises. Alarm when the current share's Wilson lower bound exceeds the baseline's upper bound and the
/// share is at least the configured minimum (a handful of legitimately multilingual outputs do not page anyone).
/// </summary>
internal static class OutputCorruptionDetector
{
    public static ShareShiftVerdict Evaluate(long baselineAnalysed, long baselineUnexpected, long currentAnalysed, long currentUnexpected, double minimumShare)
    {
        var baseline = WilsonInterval.Compute(baselineUnexpected, baselineAnalysed);
        var current = WilsonInterval.Compute(currentUnexpected, currentAnalysed);
        double baselineShare = baselineAnalysed == 0 ? 0 : baselineUnexpected / (double)baselineAnalysed;
        double currentShare = currentAnalysed == 0 ? 0 : currentUnexpected / (double)currentAnalysed;
        bool alarm = currentAnalysed > 0 && baselineAnalysed > 0 && current.Low > baseline.High && currentShare >= minimumShare;
        double z = TwoProportionZ(baselineUnexpected, baselineAnalysed, currentUnexpected, currentAnalysed);
        double p = 1 - ProbabilityFunctions.NormalCdf(z);
        return new ShareShiftVerdict(alarm, baselineShare, baseline.Low, baseline.High, baselineAnalysed, currentShare, current.Low, current.High, currentAnalysed, p, z);
    }

    internal static double TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return 0;
        }

        double p1 = x1 / (double)n1;
        double p2 = x2 / (double)n2;
        double pooled = (x1 + x2) / (double)(n1 + n2);
        double se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        return se <= 0 ? 0 : (p2 - p1) / se;
    }
}
