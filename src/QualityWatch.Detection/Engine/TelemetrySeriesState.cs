using QualityWatch.Detection.Multivariate;
using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Engine;

/// <summary>Per-series state for the telemetry signatures. JSON-serialisable; O(window) memory.</summary>
internal sealed class TelemetrySeriesState
{
    public SeriesIdentity Key { get; set; } = new();

    public DateTimeOffset? LastBucketStart { get; set; }

    public CountWindow Calls { get; set; } = new(360);

    public CountWindow Errors { get; set; } = new(360);

    public CountWindow LatencyBaseline { get; set; } = new(240);

    public CountWindow LatencyBaselineStarts { get; set; } = new(240);

    public CountWindow LatencyRecent { get; set; } = new(15);

    public CountWindow LatencyRecentStarts { get; set; } = new(15);

    public DayOverDayWindows LatencyDayOverDay { get; set; } = new();

    public LevelDriftState LatencyLevelDrift { get; set; } = new();

    public DriftWindows? TimeToFirstToken { get; set; }

    public DriftWindows? OutputTokensPerCall { get; set; }

    public CountWindow AnalysedRecent { get; set; } = new(15);

    public CountWindow UnexpectedRecent { get; set; } = new(15);

    public double BaselineAnalysed { get; set; }

    public double BaselineUnexpected { get; set; }

    public List<Dictionary<string, long>> FinishRecent { get; set; } = [];

    public Dictionary<string, long> FinishBaseline { get; set; } = new(StringComparer.Ordinal);

    public QualityState? Quality { get; set; }

    /// <summary>The multivariate drift test's hours and CUSUM; null while the test is off.</summary>
    public MultivariateSeriesState? Multivariate { get; set; }

    public HashSet<string> OpenKinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Consecutive recovered checks per open kind (episodes end only after enough of them).</summary>
    public Dictionary<string, int> RecoveryStreaks { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> Scores { get; set; } = new(StringComparer.Ordinal);
}
