using QualityWatch.Detection.Shift;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Latency drift: per-minute median latencies of the current window against the baseline window, Mann–Whitney U for a
/// location shift (its p-value goes through Benjamini–Hochberg across series) and a practical rule on the median ratio.
/// Intervals are the 10th–90th percentiles of each window. The same test serves any per-minute value: with
/// <c>falling</c> the practical rule looks for a drop (current median ≤ baseline median / ratio), e.g. output length.
/// </summary>
internal static class LatencyDriftDetector
{
    public const int MinimumPoints = 8;

    public static LatencyDriftVerdict? Evaluate(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double ratioThreshold, bool falling = false)
    {
        if (baseline.Count < MinimumPoints || current.Count < MinimumPoints / 2)
        {
            return null;
        }

        var mwu = MannWhitneyU.Test(baseline, current);
        var ks = KolmogorovSmirnov.Test(baseline, current);
        var sortedBaseline = baseline.Order().ToArray();
        var sortedCurrent = current.Order().ToArray();
        double baselineMedian = SortedQuantile(sortedBaseline, 0.5);
        double currentMedian = SortedQuantile(sortedCurrent, 0.5);
        double ratio = baselineMedian > 0 ? currentMedian / baselineMedian : double.PositiveInfinity;
        return new LatencyDriftVerdict(
            falling ? ratio <= 1 / ratioThreshold : ratio >= ratioThreshold,
            baselineMedian,
            SortedQuantile(sortedBaseline, 0.1),
            SortedQuantile(sortedBaseline, 0.9),
            baseline.Count,
            currentMedian,
            SortedQuantile(sortedCurrent, 0.1),
            SortedQuantile(sortedCurrent, 0.9),
            current.Count,
            ratio,
            mwu.Statistic,
            mwu.PValue,
            ks.Statistic,
            ks.PValue);
    }

    internal static double Quantile(IReadOnlyList<double> values, double q) => SortedQuantile(values.Order().ToArray(), q);

    private static double SortedQuantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
