namespace QualityWatch.Alerts.Pages;

/// <summary>One point of the plotted statistic, in display units (ms, %), with its interval when the statistic has one.</summary>
/// <param name="Time">Start of the bin.</param>
/// <param name="Value">The statistic over the bin.</param>
/// <param name="SampleSize">Calls, checks or outputs behind it.</param>
/// <param name="Low">Lower bound of its interval (pass rate: Wilson 95 %), or null.</param>
/// <param name="High">Upper bound of its interval, or null.</param>
internal sealed record ChartPoint(DateTimeOffset Time, double Value, long SampleSize, double? Low = null, double? High = null);
