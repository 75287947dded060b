using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Cli.Detect;

/// <summary>
/// <c>detect --detector auto</c> on a numeric series: places the rows on their time grid (gaps skip slots, duplicate
/// times share one), finds the seasonal period unless <c>--period</c> gives it, and runs
/// <see cref="SeasonalRobustDetector"/> over the rows in time order. Rows without a value are bridged by the forecast.
/// </summary>
internal static class SeasonalSeriesDetection
{
    public static DetectedPoint[] Run(SeriesFile file, int? period)
    {
        var rows = file.Rows;
        var origin = rows[0].Timestamp;
        var timeline = SeriesTimeline.FromSeconds(rows.Select(r => (r.Timestamp - origin).TotalSeconds).ToArray());
        var values = rows.Select(r => r.Value).ToArray();
        int chosen = period ?? PeriodFinder.Find(timeline, values).Period;
        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = chosen });
        var points = new DetectedPoint[rows.Count];
        for (int i = 0; i < points.Length; i++)
        {
            var output = detector.Observe(values[i], timeline.Slots[i]);
            points[i] = new DetectedPoint(output.Score, output.IsAnomaly, output.IsChangePoint);
        }

        return points;
    }
}
