using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Cli.Detect;

/// <summary>
/// <c>detect --detector level-drift</c>: the engine's slow level-drift test (<see cref="LevelDriftDetector"/>, its
/// defaults: a 10 % rise of the level against a half-day reference) over a file of positive values (latencies,
/// durations, sizes), on their logarithms, one row per minute of its timestamp. Upward drifts only, as the engine
/// watches latency; rows sharing a minute with the previous one, and rows that are not positive, are not scored.
/// </summary>
internal static class LevelDriftSeriesDetection
{
    public static DetectedPoint[] Run(SeriesFile file)
    {
        var rows = file.Rows;
        if (!rows.Any(r => r.Value > 0))
        {
            throw CliException.Usage("--detector level-drift needs positive values (it compares ratios); the input has none");
        }

        var detector = new LevelDriftDetector(new LevelDriftOptions());
        var state = new LevelDriftState();
        var points = new DetectedPoint[rows.Count];
        for (int i = 0; i < points.Length; i++)
        {
            // A zero or negative row (an idle minute's latency, a count of nothing) has no ratio: not scored, as in the
            // engine, which skips such minutes.
            var verdict = !(rows[i].Value > 0) ? null : detector.Observe(state, Math.Log(rows[i].Value), rows[i].Timestamp.ToUnixTimeSeconds() / 60);
            points[i] = verdict is null
                ? new DetectedPoint(0, Anomaly: false, ChangePoint: false)
                : new DetectedPoint(verdict.Score, Anomaly: false, ChangePoint: verdict.Alarm);
        }

        return points;
    }
}
