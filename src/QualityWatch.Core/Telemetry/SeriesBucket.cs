namespace QualityWatch.Core.Telemetry;

/// <summary>
/// One minute of one series, by event time: what the collector aggregates from spans (and canary results)
/// and what the detection engine reads. Quantiles come from the stored mergeable histograms.
/// </summary>
/// <param name="Key">The series.</param>
/// <param name="Start">Bucket start (UTC, whole minute).</param>
/// <param name="Count">Calls in the bucket.</param>
/// <param name="Errors">Calls with an <c>error.type</c>.</param>
/// <param name="ErrorsByType">Errors per <c>error.type</c>.</param>
/// <param name="LatencyP50Seconds">Median duration, null when no call completed.</param>
/// <param name="LatencyP95Seconds">95th percentile duration.</param>
/// <param name="TimeToFirstTokenP50Seconds">Median time to first chunk, for streamed calls.</param>
/// <param name="InputTokens">Sum of input tokens.</param>
/// <param name="OutputTokens">Sum of output tokens.</param>
/// <param name="Cost">Sum of cost in US dollars.</param>
/// <param name="FinishReasons">Calls per finish reason.</param>
/// <param name="ScriptCharacters">Output characters per Unicode script.</param>
/// <param name="OutputsWithUnexpectedScript">Outputs that contained letters outside the expected scripts.</param>
/// <param name="OutputsAnalysed">Outputs whose text was available for content features.</param>
/// <param name="MeanOutputLength">Mean output length in characters, when outputs were analysed.</param>
/// <param name="QualityPassed">Passed quality checks (canary results, <c>gen_ai.evaluation.result</c> events).</param>
/// <param name="QualityTotal">All quality checks.</param>
/// <param name="Slowest">The slowest call of the minute with its trace and span id, when the spans carried them.</param>
public sealed record SeriesBucket(
    SeriesKey Key,
    DateTimeOffset Start,
    long Count,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByType,
    double? LatencyP50Seconds,
    double? LatencyP95Seconds,
    double? TimeToFirstTokenP50Seconds,
    long InputTokens,
    long OutputTokens,
    decimal Cost,
    IReadOnlyDictionary<string, long> FinishReasons,
    IReadOnlyDictionary<string, long> ScriptCharacters,
    long OutputsWithUnexpectedScript,
    long OutputsAnalysed,
    double? MeanOutputLength,
    long QualityPassed,
    long QualityTotal,
    SlowestCall? Slowest = null);
