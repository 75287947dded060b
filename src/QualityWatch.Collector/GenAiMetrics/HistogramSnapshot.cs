namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// One OTLP histogram data point reduced to what the collector keeps: counts per bucket (keyed by the bucket's
/// representative value, so two points with the same bucket layout subtract bucket by bucket), total count and sum.
/// </summary>
/// <param name="Layout">Identifies the bucket layout (explicit bounds or exponential scale); deltas need equal layouts.</param>
internal sealed record HistogramSnapshot(string Layout, SortedDictionary<double, long> Buckets, long Count, double? Sum, ulong StartTimeUnixNano)
{
    /// <summary>
    /// The observations this snapshot adds over <paramref name="previous"/> (null: all of them). When the layouts
    /// differ the buckets cannot be subtracted, and the new observations count at their mean value.
    /// </summary>
    public HistogramDelta Since(HistogramSnapshot? previous)
    {
        if (previous is null)
        {
            return Spread(Buckets.Select(b => (b.Key, b.Value)).Where(b => b.Value > 0).ToList(), Count, Sum);
        }

        var count = Count - previous.Count;
        if (count <= 0)
        {
            return HistogramDelta.Empty;
        }

        double? sum = Sum is { } s && previous.Sum is { } p ? s - p : null;
        if (Layout != previous.Layout)
        {
            return new HistogramDelta([(sum is { } total ? Math.Max(0, total / count) : 0, count)], count, sum);
        }

        var buckets = new List<(double Value, long Count)>();
        foreach (var (value, cumulative) in Buckets)
        {
            var gained = cumulative - previous.Buckets.GetValueOrDefault(value);
            if (gained > 0)
            {
                buckets.Add((value, gained));
            }
        }

        return Spread(buckets, count, sum);
    }

    /// <summary>
    /// When every new observation fell in one bucket, their mean (from the sum) places them better than the bucket's
    /// representative value: exact for a single call.
    /// </summary>
    private static HistogramDelta Spread(List<(double Value, long Count)> buckets, long count, double? sum)
    {
        if (buckets.Count == 0 && count > 0)
        {
            // A histogram without buckets (count and sum only).
            return new HistogramDelta([(sum is { } mean && double.IsFinite(mean) ? Math.Max(0, mean / count) : 0, count)], count, sum);
        }

        if (buckets.Count == 1 && sum is { } total && count > 0 && double.IsFinite(total) && total >= 0)
        {
            return new HistogramDelta([(total / count, buckets[0].Count)], count, sum);
        }

        return new HistogramDelta(buckets, count, sum);
    }
}
