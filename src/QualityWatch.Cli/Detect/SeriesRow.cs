namespace QualityWatch.Cli.Detect;

/// <summary>One input row: the timestamp text as written, its parsed instant, the value (for pass/fail rows passed/total).</summary>
internal sealed record SeriesRow(string TimestampText, DateTimeOffset Timestamp, double Value, long? Passed, long? Total);
