namespace QualityWatch.Alerts.Pages;

/// <summary>One point of the series shown around a change.</summary>
internal sealed record ChartPoint(DateTimeOffset Time, double Value, long SampleSize);
