namespace QualityWatch.Cli.Bench;

/// <summary>What one target sustained.</summary>
internal sealed record LoadResult(string Target, long Spans, long Requests, long Failed, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, long PeakWorkingSetBytes)
{
    public double SpansPerSecond => Spans / Elapsed.TotalSeconds;
}
