namespace QualityWatch.Core.Telemetry;

/// <summary>Latency quantiles of a group of series over a window, from their merged histograms.</summary>
/// <param name="Count">Calls with a duration.</param>
/// <param name="P50Seconds">Median duration, null without calls.</param>
/// <param name="P95Seconds">95th percentile duration, null without calls.</param>
public sealed record LatencyQuantiles(long Count, double? P50Seconds, double? P95Seconds);
