using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// What one request's accepted calls will add to the metrics, tallied before the durable commit and applied after
/// it, so the calls themselves need not stay alive while the request waits for its commit.
/// </summary>
internal sealed class RequestMetrics
{
    public Dictionary<SeriesKey, SeriesTally> Series { get; } = new(SeriesKeyComponentsComparer.Instance);

    /// <summary>The few calls that carry canary results or a system fingerprint, recorded one by one.</summary>
    public List<SpanMapping> CanariesAndFingerprints { get; } = [];
}
