using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Metrics;
using QualityWatch.Collector.Otlp.Proto.Resource;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>Builds OTLP metrics requests carrying GenAI client histograms, as an SDK would send them.</summary>
internal static class GenAiMetricPoints
{
    public static readonly double[] DurationBounds = [0.5, 1, 2];

    public static ExportMetricsServiceRequest Request(params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Experimental.Microsoft.Extensions.AI" } };
        scope.Metrics.AddRange(metrics);
        var resource = new ResourceMetrics { Resource = new Resource { Attributes = { Spans.Attr("service.name", "metrics-only-app") } } };
        resource.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    public static Metric Histogram(string name, AggregationTemporality temporality, params HistogramDataPoint[] points)
    {
        var histogram = new Histogram { AggregationTemporality = temporality };
        histogram.DataPoints.AddRange(points);
        return new Metric { Name = name, Histogram = histogram };
    }

    /// <summary>A point of the series openai/<paramref name="model"/>/chat with explicit buckets.</summary>
    public static HistogramDataPoint Point(string model, double[] bounds, ulong[] counts, double sum, DateTimeOffset start, DateTimeOffset at, params KeyValue[] extra)
    {
        var point = new HistogramDataPoint
        {
            StartTimeUnixNano = Spans.Nanos(start),
            TimeUnixNano = Spans.Nanos(at),
            Count = counts.Aggregate(0UL, (total, count) => total + count),
            Sum = sum,
            Attributes = { Spans.Attr("gen_ai.provider.name", "openai"), Spans.Attr("gen_ai.request.model", model), Spans.Attr("gen_ai.operation.name", "chat") },
        };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        point.Attributes.AddRange(extra);
        return point;
    }
}
