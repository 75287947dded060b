using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Truncation: the finish-reason mix shifts towards <c>length</c> (answers cut at max tokens). χ² homogeneity test of the
/// whole mix (its p-value goes through Benjamini–Hochberg across series) plus a practical-size rule on the
/// <c>length</c> share.
/// </summary>
internal static class TruncationDetector
{
    public const string Length = "length";

    public static ShareShiftVerdict Evaluate(IReadOnlyDictionary<string, long> baseline, IReadOnlyDictionary<string, long> current, double minimumIncrease)
    {
        var test = ChiSquareTest.Homogeneity(baseline, current);
        long baselineTotal = baseline.Values.Sum();
        long currentTotal = current.Values.Sum();
        long baselineLength = baseline.GetValueOrDefault(Length);
        long currentLength = current.GetValueOrDefault(Length);
        var b = WilsonInterval.Compute(baselineLength, baselineTotal);
        var c = WilsonInterval.Compute(currentLength, currentTotal);
        double baselineShare = baselineTotal == 0 ? 0 : baselineLength / (double)baselineTotal;
        double currentShare = currentTotal == 0 ? 0 : currentLength / (double)currentTotal;
        bool practical = currentShare - baselineShare >= minimumIncrease && c.Low > b.High;
        return new ShareShiftVerdict(practical, baselineShare, b.Low, b.High, baselineTotal, currentShare, c.Low, c.High, currentTotal, test.PValue, test.Statistic);
    }
}
