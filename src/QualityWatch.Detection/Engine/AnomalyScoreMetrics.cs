using QualityWatch.Core.Metrics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// <c>qualitywatch_anomaly_score</c> on <c>/metrics</c>: the engine's latest <see cref="DetectionEngine.Scores"/> as a
/// gauge per provider, model and detector. Kept apart from the engine, which knows nothing of metric names.
/// </summary>
public sealed class AnomalyScoreMetrics(DetectionEngine engine) : IMetricsContributor
{
    private const string MetricName = "qualitywatch_anomaly_score";

    /// <inheritdoc />
    public IEnumerable<MetricSample> Collect() => engine.Scores.Select(score => new MetricSample(
        MetricName,
        MetricType.Gauge,
        "Latest anomaly score per detector in [0,1] (1 = alarm).",
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gen_ai_provider_name"] = score.Provider,
            ["gen_ai_request_model"] = score.Model,
            ["detector"] = score.Detector,
        },
        score.Value));
}
