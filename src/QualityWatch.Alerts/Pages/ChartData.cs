namespace QualityWatch.Alerts.Pages;

/// <summary>What the alert chart draws: the points, what they measure, and where they came from.</summary>
internal sealed record ChartData(IReadOnlyList<ChartPoint> Points, string Measure, string Source);
