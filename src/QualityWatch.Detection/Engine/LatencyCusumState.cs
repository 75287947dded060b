namespace QualityWatch.Detection.Engine;

/// <summary>
/// One canary series' CUSUMs on calls slower than its baseline's upper quartile, and the calls waiting to join that
/// baseline (<see cref="CanaryLatencySignal"/>). JSON-serialisable; a snapshot saved before it existed restores with
/// both statistics at zero.
/// </summary>
internal sealed class LatencyCusumState
{
    /// <summary>The chart tuned to the configured slowdown (<see cref="DetectionEngineOptions.LatencyDriftRatio"/>).</summary>
    public LatencyChartState Slowdown { get; set; } = new();

    /// <summary>The chart tuned to a doubling: a step is reported in a few calls even while the baseline is young.</summary>
    public LatencyChartState Step { get; set; } = new();

    /// <summary>
    /// Calls older than the recent window waiting to join the baseline, oldest first: the lag that keeps a moderate
    /// slowdown's calls out of the quartile until the chart has had time to alarm on them.
    /// </summary>
    public Queue<double> Pending { get; set; } = new();
}
