using QualityWatch.Collector.GenAiMetrics;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// Observations of one histogram series gathered over a request and recorded once the request is durable. Each call
/// of a span is one observation; an OTLP metrics interval arrives as (value, count) pairs already placed in their
/// buckets so that they add up to the producer's sum (<see cref="HistogramSnapshot"/>).
/// </summary>
internal sealed class HistogramTally
{
    private readonly List<(double Value, long Count)> _observations = [];

    public IReadOnlyList<(double Value, long Count)> Observations => _observations;

    public long Count => _observations.Sum(o => o.Count);

    public double Sum => _observations.Sum(o => o.Value * o.Count);

    public void Observe(double value) => Observe(value, 1);

    public void Observe(double value, long count) => _observations.Add((value, count));

    public void Observe(HistogramDelta delta)
    {
        foreach (var (value, count) in delta.Buckets)
        {
            Observe(value, count);
        }
    }
}
