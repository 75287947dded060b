using System.Globalization;
using QualityWatch.Collector.Otlp.Proto.Metrics;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// Reduces OTLP histogram data points to <see cref="HistogramSnapshot"/>s: each bucket's observations are placed at
/// one representative value, which is all the collector's own log-bucketed histograms can take from a bucket.
/// </summary>
/// <remarks>
/// Explicit buckets (<c>(bounds[i-1], bounds[i]]</c>): the midpoint of the bounds; the first bucket the midpoint of
/// (0, bounds[0]] (durations and token counts are not negative); the overflow bucket above the last bound its lower
/// bound, since nothing bounds it. Exponential buckets (<c>(base^i, base^(i+1)]</c>, base 2^(2^-scale)): the
/// geometric midpoint base^(i+½); the zero bucket and negative buckets 0. Each bucket's bounds travel with it, so
/// that <see cref="HistogramSnapshot.Since"/> can move the values within them to match the reported sum. A point
/// whose buckets contradict its own count or bounds is refused rather than guessed.
/// </remarks>
internal static class HistogramPoints
{
    public static HistogramSnapshot? FromExplicit(HistogramDataPoint point, out string? error)
    {
        error = null;
        var bounds = point.ExplicitBounds;
        var counts = point.BucketCounts;
        var buckets = new SortedDictionary<double, long>();
        var ranges = new Dictionary<double, (double Lower, double Upper)>();
        if (counts.Count > 0)
        {
            if (counts.Count != bounds.Count + 1)
            {
                error = $"histogram has {counts.Count} bucket counts for {bounds.Count} bounds (expected {bounds.Count + 1})";
                return null;
            }

            for (var i = 0; i < bounds.Count; i++)
            {
                if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                {
                    error = "histogram bounds must be finite and increasing";
                    return null;
                }
            }

            ulong total = 0;
            for (var i = 0; i < counts.Count; i++)
            {
                total += counts[i];
                if (counts[i] == 0)
                {
                    continue;
                }

                var lower = i == 0 ? 0 : Math.Max(0, bounds[i - 1]);
                var upper = i == bounds.Count ? double.PositiveInfinity : Math.Max(0, bounds[i]);
                var value = i == bounds.Count ? lower : (lower + upper) / 2;
                buckets[value] = buckets.GetValueOrDefault(value) + (long)counts[i];
                ranges[value] = (lower, upper);
            }

            if (total != point.Count)
            {
                error = $"histogram bucket counts add up to {total}, not its count {point.Count}";
                return null;
            }
        }

        if (point.Count > long.MaxValue / 2)
        {
            error = "histogram count is out of range";
            return null;
        }

        var layout = "explicit:" + string.Join(',', bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture)));
        return new HistogramSnapshot(layout, buckets, (long)point.Count, point.HasSum ? point.Sum : null, point.StartTimeUnixNano, ranges);
    }

    public static HistogramSnapshot? FromExponential(ExponentialHistogramDataPoint point, out string? error)
    {
        error = null;
        if (point.Scale is < -10 or > 20)
        {
            error = $"exponential histogram scale {point.Scale} is outside -10..20";
            return null;
        }

        var buckets = new SortedDictionary<double, long>();
        var ranges = new Dictionary<double, (double Lower, double Upper)> { [0] = (0, 0) };
        var @base = Math.Pow(2, Math.Pow(2, -point.Scale));
        ulong total = point.ZeroCount;
        if (point.ZeroCount > 0)
        {
            buckets[0] = (long)point.ZeroCount;
        }

        if (point.Positive is { } positive)
        {
            for (var i = 0; i < positive.BucketCounts.Count; i++)
            {
                var count = positive.BucketCounts[i];
                total += count;
                if (count > 0)
                {
                    var index = (double)positive.Offset + i;
                    var value = Math.Pow(@base, index + 0.5);
                    buckets[value] = buckets.GetValueOrDefault(value) + (long)count;
                    ranges[value] = (Math.Pow(@base, index), Math.Pow(@base, index + 1));
                }
            }
        }

        if (point.Negative is { } negative)
        {
            foreach (var count in negative.BucketCounts)
            {
                total += count;
                buckets[0] = buckets.GetValueOrDefault(0) + (long)count;
            }
        }

        if (total != point.Count || point.Count > long.MaxValue / 2)
        {
            error = $"exponential histogram buckets add up to {total}, not its count {point.Count}";
            return null;
        }

        var layout = "exponential:" + point.Scale.ToString(CultureInfo.InvariantCulture);
        return new HistogramSnapshot(layout, buckets, (long)point.Count, point.HasSum ? point.Sum : null, point.StartTimeUnixNano, ranges);
    }
}
