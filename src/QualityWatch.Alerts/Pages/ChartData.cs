using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// What an evidence chart draws: the statistic the detector tests over [<paramref name="From"/>, <paramref name="To"/>]
/// (from before the onset up to now while open), where it came from, and the earlier episodes of the same alert.
/// No points means no stored series: the page says so rather than drawing the evidence's two numbers as a line.
/// </summary>
internal sealed record ChartData(
    IReadOnlyList<ChartPoint> Points,
    ChartMeasure Measure,
    string Source,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ChartEpisode> EarlierEpisodes)
{
    /// <summary>For latency charts: the slowest calls of the series since the estimated start, slowest first, with the
    /// trace and span ids to open them in a tracing backend (from each stored minute's slowest call).</summary>
    public IReadOnlyList<SlowestCall> SlowestCalls { get; init; } = [];
}
