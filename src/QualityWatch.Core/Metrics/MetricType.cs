namespace QualityWatch.Core.Metrics;

/// <summary>Prometheus metric types a contributor may report (histograms are the collector's own).</summary>
public enum MetricType
{
    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>A monotonically increasing total.</summary>
    Counter,
}
