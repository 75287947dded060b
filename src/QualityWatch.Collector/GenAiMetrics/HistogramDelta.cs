namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// What a histogram stream gained over one interval: its observations as (representative value, count) pairs, their
/// total count and, when known, their sum.
/// </summary>
internal sealed record HistogramDelta(IReadOnlyList<(double Value, long Count)> Buckets, long Count, double? Sum)
{
    public static readonly HistogramDelta Empty = new([], 0, 0);
}
