using System.Collections.Concurrent;
using System.Text;

namespace QualityWatch.Collector.Metrics;

/// <summary>A Prometheus histogram with fixed buckets, one cell per label-value combination.</summary>
internal sealed class HistogramFamily(string name, string help, IReadOnlyList<string> labelNames, double[] upperBounds)
{
    private readonly ConcurrentDictionary<string[], Cell> _cells = new(LabelValuesComparer.Instance);

    public void Observe(string[] labelValues, double value)
    {
        var cell = _cells.GetOrAdd(labelValues, _ => new Cell(labelValues, upperBounds.Length));
        var index = BucketIndex(upperBounds, value);
        lock (cell)
        {
            if (index < upperBounds.Length)
            {
                cell.Buckets[index]++;
            }

            cell.Count++;
            cell.Sum += value;
        }
    }

    /// <summary>Adds a request's worth of observations of one cell at once.</summary>
    public void Observe(string[] labelValues, HistogramTally tally)
    {
        var cell = _cells.GetOrAdd(labelValues, _ => new Cell(labelValues, upperBounds.Length));
        lock (cell)
        {
            for (var i = 0; i < tally.Buckets.Length; i++)
            {
                cell.Buckets[i] += tally.Buckets[i];
            }

            cell.Count += tally.Count;
            cell.Sum += tally.Sum;
        }
    }

    /// <summary>The bucket a value falls in (its upper bound is the first at or above it); the length for +Inf only.</summary>
    public static int BucketIndex(double[] upperBounds, double value)
    {
        // A plain scan: with 14 bounds it beats Array.BinarySearch's comparer calls on the per-call hot path. NaN
        // sorts first, as it does for the binary search this replaced.
        if (double.IsNaN(value))
        {
            return 0;
        }

        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (value <= upperBounds[i])
            {
                return i;
            }
        }

        return upperBounds.Length;
    }

    public void Write(StringBuilder output)
    {
        PrometheusText.Header(output, name, "histogram", help);
        foreach (var cell in _cells.Values.OrderBy(c => string.Join('\u001f', c.LabelValues), StringComparer.Ordinal))
        {
            long[] buckets;
            long count;
            double sum;
            lock (cell)
            {
                buckets = (long[])cell.Buckets.Clone();
                count = cell.Count;
                sum = cell.Sum;
            }

            long cumulative = 0;
            for (var i = 0; i < upperBounds.Length; i++)
            {
                cumulative += buckets[i];
                PrometheusText.Sample(output, name + "_bucket", labelNames, cell.LabelValues, cumulative, "le", PrometheusText.Number(upperBounds[i]));
            }

            PrometheusText.Sample(output, name + "_bucket", labelNames, cell.LabelValues, count, "le", "+Inf");
            PrometheusText.Sample(output, name + "_sum", labelNames, cell.LabelValues, sum);
            PrometheusText.Sample(output, name + "_count", labelNames, cell.LabelValues, count);
        }
    }

    private sealed class Cell(string[] labelValues, int buckets)
    {
        public string[] LabelValues { get; } = labelValues;

        public long[] Buckets { get; } = new long[buckets];

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
