using System.Diagnostics.Metrics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// <c>qualitywatch.anomaly_score</c>: the engine's latest <see cref="DetectionEngine.Scores"/> as an observable gauge
/// per provider, model and detector, on the meter the host gives (its <c>QualityWatch.Detection</c> meter). Kept
/// apart from the engine, which knows nothing of metric names.
/// </summary>
public sealed class AnomalyScoreMetrics
{
    /// <summary>Creates the gauge on <paramref name="meter"/>; it reads <paramref name="engine"/> at each collection.</summary>
    public AnomalyScoreMetrics(DetectionEngine engine, Meter meter)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge(
            "qualitywatch.anomaly_score",
            () => engine.Scores.Select(score => new Measurement<double>(
                score.Value,
                new KeyValuePair<string, object?>("gen_ai.provider.name", score.Provider),
                new KeyValuePair<string, object?>("gen_ai.request.model", score.Model),
                new KeyValuePair<string, object?>("detector", score.Detector))),
            description: "Latest anomaly score per detector in [0,1] (1 = alarm).");
    }
}
