namespace QualityWatch.Detection.Engine;

/// <summary>Per provider × model: the pooled recent pass rate and each canary session's CUSUM. JSON-serialisable.</summary>
internal sealed class SessionHeterogeneityState
{
    /// <summary>The latest checks of every session, 1 = passed: the pooled rate that sets the odds ratio and is reported.</summary>
    public CountWindow Pooled { get; set; } = new(StickyRoutingSignal.PooledWindow);

    public Dictionary<string, SessionCusumState> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Recent failures with their session, kept as the finding's examples.</summary>
    public List<ExampleRecord> RecentFailures { get; set; } = [];
}
