using QualityWatch.Core.Findings;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A per-minute value the engine compares between its current and baseline windows (Mann–Whitney U, BH-controlled,
/// plus a practical ratio rule). Each signal has its own episode (<see cref="EpisodeKey"/> in the series' open set), so a
/// time-to-first-token drift is reported even while the total latency is within bounds, and vice versa.
/// </summary>
/// <param name="EpisodeKey">Key of the open episode in the series state.</param>
/// <param name="Kind">Finding kind raised.</param>
/// <param name="Detector">Detector name in findings and <c>qualitywatch_anomaly_score</c>.</param>
/// <param name="Unit">Unit of the baseline/current values in the finding.</param>
/// <param name="Falling">True when a drop is the failure (output length collapsing), false when a rise is (latency).</param>
internal sealed record DriftSignal(string EpisodeKey, string Kind, string Detector, string Unit, bool Falling)
{
    /// <summary>Median request duration per minute.</summary>
    public static readonly DriftSignal Latency = new(FindingKinds.LatencyDrift, FindingKinds.LatencyDrift, "latency-mann-whitney", "seconds", Falling: false);

    /// <summary>Median time to the first streamed chunk per minute.</summary>
    public static readonly DriftSignal TimeToFirstToken = new("latency-drift:ttft", FindingKinds.LatencyDrift, "ttft-mann-whitney", "seconds", Falling: false);

    /// <summary>Output tokens per successful call per minute; a collapse means answers are cut short.</summary>
    public static readonly DriftSignal OutputLength = new("truncation:output-length", FindingKinds.Truncation, "output-length-mann-whitney", "output-tokens-per-call", Falling: true);
}
