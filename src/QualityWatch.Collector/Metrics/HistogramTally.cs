namespace QualityWatch.Collector.Metrics;

/// <summary>Observations of one histogram cell gathered over a request, applied to the family in one step.</summary>
internal sealed class HistogramTally(double[] upperBounds)
{
    public long[] Buckets { get; } = new long[upperBounds.Length];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public void Observe(double value)
    {
        var index = HistogramFamily.BucketIndex(upperBounds, value);
        if (index < Buckets.Length)
        {
            Buckets[index]++;
        }

        Count++;
        Sum += value;
    }
}
