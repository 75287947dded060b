using QualityWatch.Collector.GenAiMetrics;

namespace QualityWatch.Collector.Metrics;

/// <summary>Observations of one histogram cell gathered over a request, applied to the family in one step.</summary>
internal sealed class HistogramTally(double[] upperBounds)
{
    public long[] Buckets { get; } = new long[upperBounds.Length];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public void Observe(double value) => Observe(value, 1);

    public void Observe(double value, long count)
    {
        var index = HistogramFamily.BucketIndex(upperBounds, value);
        if (index < Buckets.Length)
        {
            Buckets[index] += count;
        }

        Count += count;
        Sum += value * count;
    }

    /// <summary>
    /// Observations known by bucket (an OTLP metrics interval), each at its representative value; the sum is the one
    /// the producer reported, when it did, rather than the representatives'.
    /// </summary>
    public void Observe(HistogramDelta delta)
    {
        var before = Sum;
        foreach (var (value, count) in delta.Buckets)
        {
            Observe(value, count);
        }

        if (delta.Sum is { } sum && double.IsFinite(sum) && sum >= 0)
        {
            Sum = before + sum;
        }
    }
}
