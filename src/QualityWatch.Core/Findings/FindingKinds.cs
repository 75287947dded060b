namespace QualityWatch.Core.Findings;

/// <summary>The kinds of degradation QualityWatch names. Alerts deduplicate on (kind, series/segment).</summary>
public static class FindingKinds
{
    /// <summary>Canary pass rate dropped.</summary>
    public const string QualityRegression = "quality-regression";

    /// <summary>Latency (duration or time to first token) drifted or stepped.</summary>
    public const string LatencyDrift = "latency-drift";

    /// <summary>Unexpected Unicode scripts appear in outputs.</summary>
    public const string OutputCorruption = "output-corruption";

    /// <summary>A sub-population (latency or quality) appeared in one segment: misrouted requests.</summary>
    public const string RoutingAnomaly = "routing-anomaly";

    /// <summary>
    /// Canary failures concentrate on some session identities more than chance allows: a provider routing sticky per
    /// user or session sends those sessions to a faulty pool. A misrouting seen in answer quality, so it joins the
    /// output fault class (one incident with the quality regression it goes on to cause), not the latency one.
    /// </summary>
    public const string StickyRouting = "sticky-routing";

    /// <summary>Temperature-0 answers or the system fingerprint changed across many canaries at once.</summary>
    public const string ModelSwap = "model-swap";

    /// <summary>
    /// Temperature-0 canary answers stopped being the same bytes as each case's usual answer more often than before,
    /// even where they still pass: the sampler is picking tokens other than the most probable (a top-k or sampling bug).
    /// </summary>
    public const string SamplingDivergence = "sampling-divergence";

    /// <summary>The finish-reason mix shifted towards <c>length</c>.</summary>
    public const string Truncation = "truncation";

    /// <summary>
    /// Several telemetry signals of one series moved together (latency, time to first token, output length, error,
    /// truncation or corruption shares), each by less than its own test alarms on, into a combination no healthy hour
    /// had: the opt-in PCA drift test. It names no single fault, so it is a fault class of its own.
    /// </summary>
    public const string MultivariateDrift = "multivariate-drift";

    /// <summary>Error rate / availability burned through the SLO budget.</summary>
    public const string Availability = "availability";
}
