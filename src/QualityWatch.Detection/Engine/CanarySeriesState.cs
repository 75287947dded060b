namespace QualityWatch.Detection.Engine;

/// <summary>Per canary series (provider, model, suite, provider labels): quality state, latencies for routing anomalies.</summary>
internal sealed class CanarySeriesState
{
    public SeriesIdentity Key { get; set; } = new();

    public QualityState Quality { get; set; } = new();

    public CountWindow LatencyBaseline { get; set; } = new(200);

    public CountWindow LatencyRecent { get; set; } = new(50);

    /// <summary>When each latency of <see cref="LatencyRecent"/> was observed (Unix seconds), for the change's start.</summary>
    public CountWindow LatencyRecentTimes { get; set; } = new(50);

    public HashSet<string> OpenKinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Consecutive recovered checks per open kind (episodes end only after enough of them).</summary>
    public Dictionary<string, int> RecoveryStreaks { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> Scores { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset? LastResultAt { get; set; }
}
