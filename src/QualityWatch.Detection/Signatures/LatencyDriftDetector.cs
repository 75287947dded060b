using System.Buffers;
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

    public static LatencyDriftVerdict? Evaluate(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current, double ratioThreshold, bool falling = false)
    {
        if (baseline.Length < MinimumPoints || current.Length < MinimumPoints / 2)
        {
            return null;
        }

        var mwu = MannWhitneyU.Test(baseline, current);

        // One sorted copy of each window serves the KS test and the quantiles. The copies are pooled: this runs for every
        // drift signal of every series each minute.
        var rented = ArrayPool<double>.Shared.Rent(baseline.Length + current.Length);
        try
        {
            var sortedBaseline = rented.AsSpan(0, baseline.Length);
            var sortedCurrent = rented.AsSpan(baseline.Length, current.Length);
            baseline.CopyTo(sortedBaseline);
            current.CopyTo(sortedCurrent);
            sortedBaseline.Sort();
            sortedCurrent.Sort();
            var ks = KolmogorovSmirnov.TestSorted(sortedBaseline, sortedCurrent);
            double baselineMedian = SortedQuantile(sortedBaseline, 0.5);
            double currentMedian = SortedQuantile(sortedCurrent, 0.5);
            double ratio = baselineMedian > 0 ? currentMedian / baselineMedian : double.PositiveInfinity;
            return new LatencyDriftVerdict(
                falling ? ratio <= 1 / ratioThreshold : ratio >= ratioThreshold,
                baselineMedian,
                SortedQuantile(sortedBaseline, 0.1),
                SortedQuantile(sortedBaseline, 0.9),
                baseline.Length,
                currentMedian,
                SortedQuantile(sortedCurrent, 0.1),
                SortedQuantile(sortedCurrent, 0.9),
                current.Length,
                ratio,
                mwu.Statistic,
                mwu.PValue,
                ks.Statistic,
                ks.PValue);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    internal static double Quantile(IReadOnlyList<double> values, double q) => SortedQuantile(values.Order().ToArray(), q);

    private static double SortedQuantile(ReadOnlySpan<double> sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
