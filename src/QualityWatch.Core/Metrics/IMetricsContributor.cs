namespace QualityWatch.Core.Metrics;

/// <summary>
/// Lets a component that the collector does not own (detection, alerts) add samples to <c>/metrics</c> at scrape
/// time, for example <c>qualitywatch_anomaly_score</c> or <c>qualitywatch_alerts_active</c>. Register
/// implementations in DI; the collector's exposition writer asks each one on every scrape.
/// </summary>
public interface IMetricsContributor
{
    /// <summary>Current samples; must be cheap and must not block.</summary>
    IEnumerable<MetricSample> Collect();
}
