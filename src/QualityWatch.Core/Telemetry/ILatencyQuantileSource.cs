namespace QualityWatch.Core.Telemetry;

/// <summary>
/// Latency quantiles over a window computed from merged per-minute histograms, never as a percentile of per-minute
/// percentiles (one slow minute would otherwise stand for the window). The collector's storage implements it.
/// </summary>
public interface ILatencyQuantileSource
{
    /// <summary>Buckets starting in [<paramref name="from"/>, <paramref name="to"/>), their latency histograms merged per
    /// group (<paramref name="group"/> maps a series to its group; null leaves the series out).</summary>
    Task<IReadOnlyDictionary<string, LatencyQuantiles>> QueryLatencyQuantilesAsync(DateTimeOffset from, DateTimeOffset to, Func<SeriesKey, string?> group, CancellationToken cancellationToken);
}
