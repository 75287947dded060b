namespace QualityWatch.Alerts.Pages;

/// <summary>An earlier episode of the same alert (firing until resolved, before it regressed), shaded on the chart.</summary>
internal sealed record ChartEpisode(DateTimeOffset Start, DateTimeOffset End);
