namespace QualityWatch.Core.Metrics;

/// <summary>One value of a metric family at scrape time, with its labels (Prometheus label names).</summary>
public sealed record MetricSample(string Name, MetricType Type, string Help, IReadOnlyDictionary<string, string> Labels, double Value);
