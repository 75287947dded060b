using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>What the stored buckets of one model add up to (a test's calls may straddle a minute).</summary>
internal sealed record SeriesSum(
    IReadOnlyList<SeriesKey> Keys,
    long Count,
    long InputTokens,
    long OutputTokens,
    IReadOnlyDictionary<string, long> FinishReasons,
    IReadOnlyDictionary<string, long> ErrorsByType,
    long OutputsAnalysed,
    long OutputsWithUnexpectedScript);
