namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// One OTLP histogram data point reduced to what the collector keeps: counts per bucket (keyed by the bucket's
/// representative value, so two points with the same bucket layout subtract bucket by bucket), total count and sum.
/// </summary>
/// <param name="Layout">Identifies the bucket layout (explicit bounds or exponential scale); deltas need equal layouts.</param>
/// <param name="Ranges">Each representative value's bucket bounds, when known: values may move within them.</param>
internal sealed record HistogramSnapshot(string Layout, SortedDictionary<double, long> Buckets, long Count, double? Sum, ulong StartTimeUnixNano, IReadOnlyDictionary<double, (double Lower, double Upper)>? Ranges = null)
{
    /// <summary>
    /// The observations this snapshot adds over <paramref name="previous"/> (null: all of them). When the layouts
    /// differ the buckets cannot be subtracted, and the new observations count at their mean value.
    /// </summary>
    public HistogramDelta Since(HistogramSnapshot? previous)
    {
        if (previous is null)
        {
            return Spread(Buckets.Select(b => (b.Key, b.Value)).Where(b => b.Value > 0).ToList(), Count, Sum, Ranges);
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

        return Spread(buckets, count, sum, Ranges);
    }

    /// <summary>
    /// Places the observations using the sum as well as the buckets: the representative values are scaled so that they
    /// add up to the reported sum, each kept inside its own bucket. A shift within the buckets (every call 20% slower,
    /// still in the same buckets) then moves the values, where midpoints alone would not move; when every new
    /// observation fell in one bucket they land on their mean, exact for a single call.
    /// </summary>
    private static HistogramDelta Spread(List<(double Value, long Count)> buckets, long count, double? sum, IReadOnlyDictionary<double, (double Lower, double Upper)>? ranges)
    {
        if (buckets.Count == 0 && count > 0)
        {
            // A histogram without buckets (count and sum only).
            return new HistogramDelta([(sum is { } mean && double.IsFinite(mean) ? Math.Max(0, mean / count) : 0, count)], count, sum);
        }

        var representatives = buckets.Sum(b => b.Value * b.Count);
        if (sum is not { } total || !double.IsFinite(total) || total < 0 || representatives <= 0 || ranges is null)
        {
            return new HistogramDelta(buckets, count, sum);
        }

        var factor = total / representatives;
        var placed = new List<(double Value, long Count)>(buckets.Count);
        foreach (var (value, observations) in buckets)
        {
            placed.Add(ranges.TryGetValue(value, out var range) ? (Math.Clamp(value * factor, range.Lower, range.Upper), observations) : (value, observations));
        }

        return new HistogramDelta(placed, count, sum);
    }
}
