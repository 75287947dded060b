using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// The sums of one series' current hour, fed one bucket at a time: at most 60 per-minute medians per level and a few
/// counters, so the hour costs O(1) per bucket and is JSON-serialisable between passes.
/// </summary>
internal sealed class HourAccumulator
{
    /// <summary>Hours since the Unix epoch of the hour being summed.</summary>
    public long Hour { get; set; }

    public List<double> Latencies { get; set; } = [];

    public List<double> TimesToFirstToken { get; set; } = [];

    public long Calls { get; set; }

    public long Errors { get; set; }

    /// <summary>Successful calls of the minutes that reported token usage (a provider that reports none is skipped).</summary>
    public long TokenAnswered { get; set; }

    public long OutputTokens { get; set; }

    public long Finishes { get; set; }

    public long LengthFinishes { get; set; }

    public long Analysed { get; set; }

    public long Unexpected { get; set; }

    public void Add(SeriesBucket bucket)
    {
        if (bucket.LatencyP50Seconds is { } latency && latency > 0)
        {
            Latencies.Add(latency);
        }

        if (bucket.TimeToFirstTokenP50Seconds is { } ttft && ttft > 0)
        {
            TimesToFirstToken.Add(ttft);
        }

        Calls += bucket.Count;
        Errors += bucket.Errors;
        long answered = bucket.Count - bucket.Errors;
        if (answered > 0 && (bucket.OutputTokens > 0 || bucket.InputTokens > 0))
        {
            TokenAnswered += answered;
            OutputTokens += bucket.OutputTokens;
        }

        foreach (var (reason, count) in bucket.FinishReasons)
        {
            Finishes += count;
            if (reason == "length")
            {
                LengthFinishes += count;
            }
        }

        Analysed += bucket.OutputsAnalysed;
        Unexpected += bucket.OutputsWithUnexpectedScript;
    }
}
