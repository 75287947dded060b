namespace QualityWatch.Cli.Detect;

/// <summary>
/// One input row: the timestamp text as written, its parsed instant, the value (for pass/fail rows passed/total;
/// <see cref="double.NaN"/> when the value is empty or NaN, or the total is 0), the row's 0-based position among the
/// file's data rows, and its label (false when the file has no <c>label</c> column).
/// </summary>
internal sealed record SeriesRow(string TimestampText, DateTimeOffset Timestamp, double Value, long? Passed, long? Total, int InputIndex = 0, bool Label = false);
