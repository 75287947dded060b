namespace QualityWatch.Detection.Engine;

/// <summary>Per canary series (provider, model, suite, provider labels): quality state, latencies for routing anomalies.</summary>
internal sealed class CanarySeriesState
{
    public SeriesIdentity Key { get; set; } = new();

    public QualityState Quality { get; set; } = new();

    public CountWindow LatencyBaseline { get; set; } = new(CanaryLatencySignal.BaselineWindow);

    public CountWindow LatencyRecent { get; set; } = new(CanaryLatencySignal.RecentWindow);

    /// <summary>The sequential latency test's statistic (<see cref="CanaryLatencySignal"/>).</summary>
    public LatencyCusumState LatencyCusum { get; set; } = new();

    public HashSet<string> OpenKinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Consecutive recovered checks per open kind (episodes end only after enough of them).</summary>
    public Dictionary<string, int> RecoveryStreaks { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> Scores { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset? LastResultAt { get; set; }

    /// <summary>Agreement of temperature-0 answers with their case's usual answer (overall series only).</summary>
    public QualityState Divergence { get; set; } = new();

    /// <summary>Greedy violations among temperature-0 tokens (overall series only), from reported log-probabilities.</summary>
    public GreedyViolationState Greedy { get; set; } = new();

    /// <summary>Per-session failure attribution and the pooled rate (overall series only), for sticky routing.</summary>
    public SessionHeterogeneityState SessionRouting { get; set; } = new();

    /// <summary>Answers seen per case (overall series only), to know each case's usual answer.</summary>
    public Dictionary<string, CaseAnswerTally> CaseAnswers { get; set; } = new(StringComparer.Ordinal);
}
